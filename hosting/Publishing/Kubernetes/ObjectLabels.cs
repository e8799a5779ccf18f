using Aspire.Hosting.ApplicationModel;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>Kubernetes' recommended labels, which every published object carries, and the selector of a resource's pods.</summary>
internal static class ObjectLabels
{
    public const string Name = "app.kubernetes.io/name";
    public const string Instance = "app.kubernetes.io/instance";
    public const string Component = "app.kubernetes.io/component";
    public const string PartOf = "app.kubernetes.io/part-of";
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    /// <summary>What everything published belongs to.</summary>
    public const string Application = "modelplane";

    /// <summary>The labels of an object of <paramref name="resource"/>: the program it runs, its own name and its role.</summary>
    public static Dictionary<string, string> Of(IResource resource, string program, string component) => Of(resource.Name, program, component);

    /// <summary>The labels of objects named <paramref name="instance"/>, such as a store's upload Job beside the store.</summary>
    public static Dictionary<string, string> Of(string instance, string program, string component) => new(StringComparer.Ordinal)
    {
        [Component] = component,
        [Instance] = instance,
        [ManagedBy] = Application,
        [Name] = program,
        [PartOf] = Application,
    };

    /// <summary>The labels that pick a resource's pods: its name is unique in the graph, so it alone selects them.</summary>
    public static Dictionary<string, string> Selector(IResource resource) => new(StringComparer.Ordinal) { [Instance] = resource.Name };

    /// <summary>A copy of <paramref name="labels"/> with <paramref name="more"/> added, sorted by key so output does not depend on insertion order.</summary>
    public static Dictionary<string, string> With(IReadOnlyDictionary<string, string> labels, IEnumerable<KeyValuePair<string, string>> more)
    {
        var all = new SortedDictionary<string, string>(labels.ToDictionary(), StringComparer.Ordinal);
        foreach (var (key, value) in more)
        {
            all[key] = value;
        }

        return all.ToDictionary(StringComparer.Ordinal);
    }
}
