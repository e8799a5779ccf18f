using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Modelplane.Hosting.Autoscaling;

/// <summary>
/// The AppHost's autoscaling settings, read and checked in one place: <c>Modelplane:MaxReplicas</c>, and
/// <c>Modelplane:Autoscaling:*</c>, which are Knative's cluster-wide ones (its config-autoscaler ConfigMap).
/// </summary>
internal static class AutoscalingSettings
{
    private const string Section = "Modelplane:Autoscaling";
    private const string MaxReplicasKey = "Modelplane:MaxReplicas";
    private const double MostSeconds = 86400;
    private static readonly string[] Keys = ["ScaleToZeroGracePeriodSeconds", "ScaleDownDelaySeconds"];

    /// <summary><c>Modelplane:MaxReplicas</c>, else the machine's processor count.</summary>
    public static int MaxReplicas(IConfiguration configuration) => ReplicaCount(configuration[MaxReplicasKey]) ?? Environment.ProcessorCount;

    /// <summary>What is wrong with the settings, one line each, naming the setting and what it takes.</summary>
    public static IEnumerable<string> Problems(IConfiguration configuration)
    {
        if (configuration[MaxReplicasKey] is { Length: > 0 } maxReplicas && ReplicaCount(maxReplicas) is null)
        {
            yield return $"{MaxReplicasKey} is '{maxReplicas}', not a whole number of replicas of at least 1";
        }

        foreach (var setting in configuration.GetSection(Section).GetChildren())
        {
            if (!Keys.Contains(setting.Key, StringComparer.Ordinal))
            {
                yield return $"{Section}:{setting.Key} is not a setting of the autoscaler; it has {string.Join(" and ", Keys)}";
            }
            else if (Seconds(setting.Value) is null)
            {
                yield return $"{Section}:{setting.Key} is '{setting.Value}', not a number of seconds from 0 to {MostSeconds:0}";
            }
        }
    }

    /// <summary>The KPA's settings with the AppHost's grace period and scale-down delay, where it gives them.</summary>
    public static KpaSettings Apply(IConfiguration configuration, KpaSettings settings)
    {
        var section = configuration.GetSection(Section);
        return settings with
        {
            ScaleToZeroGracePeriod = Seconds(section[Keys[0]]) ?? settings.ScaleToZeroGracePeriod,
            ScaleDownDelay = Seconds(section[Keys[1]]) ?? settings.ScaleDownDelay,
        };
    }

    private static int? ReplicaCount(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : null;

    private static TimeSpan? Seconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds is >= 0 and <= MostSeconds
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
