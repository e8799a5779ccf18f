using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Modelplane.Explainer.Configuration;

/// <summary>
/// Reads the explainer's settings: a model's <see cref="ExplanationOptions"/> are the <c>Explainer</c> section's, then
/// <c>Explainer:Models:{name}</c>'s on top. <see cref="Check"/> looks at every key before the server starts, so a
/// misspelt setting or a value of the wrong kind stops the start with its name instead of being ignored.
/// </summary>
internal static class ExplainerConfiguration
{
    private const string Models = "Models";

    private static readonly Dictionary<string, Func<string, string?>> ServerSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        [ExplainerClientSettings.PredictorUrl] = Text,
        [ExplainerClientSettings.Predictor] = Text,
        [nameof(ExplainerOptions.MaxBatchSize)] = value => WholeNumber(value, 1, int.MaxValue),
        [nameof(ExplainerOptions.MaxBatchBytes)] = value => WholeNumber(value, 1, long.MaxValue),
        [ExplainerClientSettings.PredictorTimeoutSeconds] = PositiveNumber,
    };

    private static readonly Dictionary<string, Func<string, string?>> ModelSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(ExplanationOptions.Method)] = OneOf<ExplanationMethod>,
        [nameof(ExplanationOptions.Background)] = Text,
        [nameof(ExplanationOptions.Output)] = Text,
        [nameof(ExplanationOptions.MaxExactFeatures)] = value => WholeNumber(value, 1, 24),
        [nameof(ExplanationOptions.ExactFallback)] = OneOf<ExactFallback>,
        [nameof(ExplanationOptions.Samples)] = value => WholeNumber(value, 2, int.MaxValue),
        [nameof(ExplanationOptions.Seed)] = value => WholeNumber(value, int.MinValue, int.MaxValue),
        [nameof(ExplanationOptions.PatchSize)] = value => WholeNumber(value, 1, int.MaxValue),
        [nameof(ExplanationOptions.Stride)] = value => WholeNumber(value, 1, int.MaxValue),
        [nameof(ExplanationOptions.Baseline)] = FiniteNumber,
        [nameof(ExplanationOptions.Layout)] = OneOf<ImageLayout>,
    };

    /// <summary>How <paramref name="model"/> is explained: the server-wide settings with the model's own on top.</summary>
    public static ExplanationOptions ForModel(IConfiguration configuration, string model)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ExplanationOptions();
        configuration.GetSection(ExplainerOptions.Section).Bind(options);
        configuration.GetSection($"{ExplainerOptions.Section}:{Models}:{model}").Bind(options);
        return options;
    }

    /// <summary>Every problem with the <c>Explainer</c> section, each naming its key; empty when there is none.</summary>
    public static IReadOnlyList<string> Check(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        foreach (var setting in configuration.GetSection(ExplainerOptions.Section).GetChildren())
        {
            if (string.Equals(setting.Key, Models, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var model in setting.GetChildren())
                {
                    foreach (var modelSetting in model.GetChildren())
                    {
                        CheckSetting(modelSetting, ModelSettings, problems);
                    }
                }
            }
            else if (ModelSettings.ContainsKey(setting.Key))
            {
                CheckSetting(setting, ModelSettings, problems);
            }
            else
            {
                CheckSetting(setting, ServerSettings, problems);
            }
        }

        return problems;
    }

    private static void CheckSetting(IConfigurationSection setting, Dictionary<string, Func<string, string?>> known, List<string> problems)
    {
        if (!known.TryGetValue(setting.Key, out var check))
        {
            problems.Add($"{setting.Path} is not an explainer setting (settings: {string.Join(", ", ServerSettings.Keys.Concat(ModelSettings.Keys).Append(Models))})");
        }
        else if (setting.Value is null)
        {
            problems.Add($"{setting.Path} must be a single value, not a section");
        }
        else if (check(setting.Value) is { } problem)
        {
            problems.Add($"{setting.Path} is '{setting.Value}'; {problem}");
        }
    }

    private static string? Text(string value) => value.Trim().Length == 0 ? "give a value or leave the setting out" : null;

    private static string? WholeNumber(string value, long min, long max) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? null
            : max == int.MaxValue || max == long.MaxValue ? $"use a whole number of at least {min}" : $"use a whole number from {min} to {max}";

    private static string? PositiveNumber(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && number > 0
            ? null
            : "use a number above 0";

    private static string? FiniteNumber(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? null : "use a number";

    // Names only: Enum.TryParse would also take "2", which names nothing a reader of the configuration could check.
    private static string? OneOf<TEnum>(string value)
        where TEnum : struct, Enum =>
        Enum.GetNames<TEnum>().Any(name => string.Equals(name, value.Trim(), StringComparison.OrdinalIgnoreCase))
            ? null
            : $"use one of {string.Join(", ", Enum.GetNames<TEnum>())}";
}
