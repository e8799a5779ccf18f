using k8s.Models;
using Microsoft.Extensions.Configuration;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// Where a cluster runs the pods that ask for GPUs: the labels of its GPU nodes (<c>Modelplane:Publish:GpuNodeSelector</c>,
/// <c>key=value,...</c>) and the taints they tolerate there (<c>Modelplane:Publish:GpuTolerations</c>,
/// <c>key=value:Effect</c> or <c>key:Effect</c>, comma-separated). Both are empty unless set: every cloud labels and
/// taints its GPU pools its own way, and some (GKE) add the toleration to such pods themselves.
/// </summary>
internal sealed record GpuPool(IReadOnlyDictionary<string, string> NodeSelector, IReadOnlyList<V1Toleration> Tolerations)
{
    public const string NodeSelectorSetting = "Modelplane:Publish:GpuNodeSelector";
    public const string TolerationsSetting = "Modelplane:Publish:GpuTolerations";

    private static readonly string[] Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    /// <summary>The pool the settings describe; what is wrong with them is added to <paramref name="problems"/>.</summary>
    public static GpuPool Read(IConfiguration configuration, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(problems);
        var selector = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Entries(configuration[NodeSelectorSetting]))
        {
            var at = $"{NodeSelectorSetting}: '{entry}'";
            if (entry.Split('=') is not [var key, var value])
            {
                problems.Add($"{at} is not key=value; write e.g. cloud.google.com/gke-accelerator=nvidia-l4");
            }
            else if (Problem(at, key, value) is { } problem)
            {
                problems.Add(problem);
            }
            else if (!selector.TryAdd(key, value))
            {
                problems.Add($"{at} names the label {key} a second time; give each label once");
            }
        }

        var tolerations = new List<V1Toleration>();
        foreach (var entry in Entries(configuration[TolerationsSetting]))
        {
            var at = $"{TolerationsSetting}: '{entry}'";
            var parts = entry.Split(':');
            var taint = parts[0].Split('=');
            if (parts.Length != 2 || taint.Length > 2)
            {
                problems.Add($"{at} is not key=value:Effect or key:Effect; write e.g. nvidia.com/gpu:NoSchedule");
                continue;
            }

            var (key, value, effect) = (taint[0], taint.Length == 2 ? taint[1] : null, parts[1]);
            if (!Effects.Contains(effect, StringComparer.Ordinal))
            {
                problems.Add($"{at} has the effect '{effect}'; write {string.Join(", ", Effects[..^1])} or {Effects[^1]}");
            }
            else if (Problem(at, key, value) is { } problem)
            {
                problems.Add(problem);
            }
            else
            {
                // A taint given without its value is tolerated whatever its value.
                tolerations.Add(new V1Toleration { Key = key, OperatorProperty = value is null ? "Exists" : "Equal", Value = value, Effect = effect });
            }
        }

        return new GpuPool(selector, tolerations);
    }

    /// <summary>The node selector of a pod with <paramref name="resources"/>: the pool's when it asks for GPUs, else none.</summary>
    public IDictionary<string, string>? NodeSelectorFor(ResourceSpec resources) =>
        AsksForGpus(resources) && NodeSelector.Count > 0 ? NodeSelector.ToDictionary(StringComparer.Ordinal) : null;

    /// <summary>The tolerations of a pod with <paramref name="resources"/>: the pool's when it asks for GPUs, else none.</summary>
    public IList<V1Toleration>? TolerationsFor(ResourceSpec resources) =>
        AsksForGpus(resources) && Tolerations.Count > 0 ? [.. Tolerations] : null;

    private static bool AsksForGpus(ResourceSpec resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return resources.Gpus > 0;
    }

    private static string[] Entries(string? setting) =>
        (setting ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? Problem(string at, string key, string? value) =>
        ClusterNames.LabelKeyProblem(key) is { } keyProblem ? $"{at} has the key '{key}', {keyProblem}"
        : value is not null && ClusterNames.LabelValueProblem(value) is { } valueProblem ? $"{at} has the value '{value}', {valueProblem}"
        : null;
}
