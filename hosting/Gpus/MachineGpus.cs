using System.Globalization;
using Microsoft.Extensions.Configuration;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Gpus;

/// <summary>
/// What this machine offers a predictor that asks for GPUs: its devices (<c>Modelplane:Gpus</c>, else what
/// <c>nvidia-smi -L</c> lists), how they were found, and the predictor's GPU flavour and whether it is built.
/// </summary>
internal sealed record MachineGpus(EquatableList<string> Devices, string FoundBy, ServiceProject Flavour, bool FlavourBuilt)
{
    /// <summary>The setting that names the devices instead of nvidia-smi: <c>0,1</c>, or <c>none</c>.</summary>
    public const string Setting = "Modelplane:Gpus";

    private const string None = "none";

    /// <summary>Looks at this machine: the setting when it is given, else nvidia-smi; and the GPU flavour of <paramref name="predictor"/>.</summary>
    public static MachineGpus Find(IConfiguration configuration, ServiceProject predictor)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var flavour = GpuFlavour.Of(predictor);
        var built = File.Exists(flavour.AssemblyPath);
        if (configuration[Setting] is { Length: > 0 } setting)
        {
            var devices = Parse(setting) ?? [];
            return new MachineGpus(devices, devices.Count == 0 ? $"{Setting} is {setting}" : Setting, flavour, built);
        }

        var (listed, foundBy) = NvidiaSmi.List();
        return new MachineGpus(listed, foundBy, flavour, built);
    }

    /// <summary>What is wrong with the setting, or null.</summary>
    public static string? Problem(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[Setting] is { Length: > 0 } setting && Parse(setting) is null
            ? $"{Setting} is '{setting}', not a comma-separated list of GPU device ids (such as 0,1) or {None}"
            : null;
    }

    /// <summary>The device ids <paramref name="setting"/> names, in its order; empty for <c>none</c>; null when it is not such a list.</summary>
    public static EquatableList<string>? Parse(string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        if (string.Equals(setting.Trim(), None, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var ids = setting.Split(',', StringSplitOptions.TrimEntries);
        return ids.All(id => int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _)) && ids.Distinct(StringComparer.Ordinal).Count() == ids.Length
            ? EquatableList.From(ids)
            : null;
    }
}
