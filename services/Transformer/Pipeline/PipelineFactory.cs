using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Modelplane.Transformer.Pipeline;

/// <summary>
/// Builds a model's pipeline from its configuration section: each entry of <c>Request</c> and <c>Response</c> names
/// its step in <c>Step</c>, and its other settings bind to that step's options, unknown settings refused so a typo is
/// not silently ignored. Errors name the entry: <c>Transformer:Models:ocr:Request:1 (image.resize): ...</c>.
/// </summary>
internal sealed class PipelineFactory(IEnumerable<StepRegistration> registrations, IServiceProvider services)
{
    private const string StepKey = "Step";

    public TransformPipeline Build(string modelName, IConfigurationSection section)
    {
        var known = new[] { "PredictorModel", "PredictorVersion", "PredictorOutputs", "Request", "Response" };
        foreach (var child in section.GetChildren().Where(c => !known.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
        {
            throw new InvalidDataException($"{child.Path}: unknown setting '{child.Key}' (a pipeline has: {string.Join(", ", known)})");
        }

        var request = section.GetSection("Request");
        var response = section.GetSection("Response");
        if (!request.GetChildren().Any() && !response.GetChildren().Any())
        {
            throw new InvalidDataException($"{section.Path}: the pipeline has no steps; list them under Request and Response");
        }

        return new TransformPipeline
        {
            PredictorModel = section["PredictorModel"] is { Length: > 0 } predictorModel ? predictorModel : modelName,
            PredictorVersion = section["PredictorVersion"] is { Length: > 0 } version ? version : null,
            PredictorOutputs = section.GetSection("PredictorOutputs").Get<string[]>() ?? [],
            RequestSteps = [.. Steps(request, StepSide.Request).Cast<IRequestStep>()],
            ResponseSteps = [.. Steps(response, StepSide.Response).Cast<IResponseStep>()],
        };
    }

    private IEnumerable<object> Steps(IConfigurationSection list, StepSide side)
    {
        // Configuration keeps list entries as "0", "1", ... "10"; order them as numbers.
        foreach (var entry in list.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue))
        {
            yield return Create(entry, side);
        }
    }

    private object Create(IConfigurationSection entry, StepSide side)
    {
        var name = entry[StepKey];
        var available = string.Join(", ", registrations.Where(r => r.Side == side).Select(r => r.Name).Order(StringComparer.Ordinal));
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidDataException($"{entry.Path}: the entry has no '{StepKey}'; name one of the {side.ToString().ToLowerInvariant()} steps: {available}");
        }

        var registration = registrations.LastOrDefault(r => r.Side == side && string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidDataException(
                registrations.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
                    ? $"{entry.Path}: '{name}' is a {(side == StepSide.Request ? "response" : "request")} step; it cannot run in {side}"
                    : $"{entry.Path}: there is no {side.ToString().ToLowerInvariant()} step '{name}' (there are: {available})");

        try
        {
            var options = Bind(entry, registration.OptionsType);
            return Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance(services, registration.StepType, options);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidDataException($"{entry.Path} ({registration.Name}): {e.InnerException.Message}", e.InnerException);
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException or ArgumentException or IOException or FormatException)
        {
            throw new InvalidDataException($"{entry.Path} ({registration.Name}): {e.Message}", e);
        }
    }

    // The entry without its Step key, bound to the step's options: a setting the options do not have is an error.
    private static object Bind(IConfigurationSection entry, Type optionsType)
    {
        var settings = entry.AsEnumerable(makePathsRelative: true)
            .Where(p => p.Value is not null && !string.Equals(p.Key, StepKey, StringComparison.OrdinalIgnoreCase));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var known = optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name).ToList();
        foreach (var setting in configuration.GetChildren().Where(c => !known.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
        {
            throw new InvalidDataException($"unknown setting '{setting.Key}' (the step has: {string.Join(", ", known)})");
        }

        var options = Activator.CreateInstance(optionsType)
            ?? throw new InvalidOperationException($"{optionsType.Name} needs a constructor without parameters");
        configuration.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        return options;
    }
}
