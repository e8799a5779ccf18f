using Aspire.Hosting;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Specs;
using Modelplane.Hosting.Specs.Reading;

namespace Modelplane.Hosting.InferenceGraphs;

/// <summary>Adds KServe InferenceGraphs to an Aspire AppHost from C#, checked as those of spec files are.</summary>
public static class InferenceGraphBuilderExtensions
{
    /// <summary>
    /// Adds the InferenceGraph <paramref name="name"/> of <paramref name="nodes"/>, one of them named <c>root</c>; each
    /// problem (a step without one target, a node that is not there, a cycle, Splitter weights, a condition outside the
    /// supported GJSON) is thrown at once in a <see cref="GraphException"/> naming the field to change. The graph is kept
    /// with the AppHost's graphs; it is not routed yet.
    /// </summary>
    public static InferenceGraphSpec AddInferenceGraph(
        this IDistributedApplicationBuilder builder,
        string name,
        IEnumerable<GraphNodeSpec> nodes,
        string @namespace = "default",
        int? timeoutSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(@namespace);
        var graph = ModelplaneGraph.Of(builder);
        var spec = new InferenceGraphSpec { Name = name, Namespace = @namespace, Nodes = EquatableList.From(nodes), TimeoutSeconds = timeoutSeconds };
        var problems = new List<(string Field, string Message)>();
        if (KubernetesNames.ProblemWithName(name) is { } badName)
        {
            problems.Add(("name", badName));
        }

        if (KubernetesNames.ProblemWithNamespace(@namespace) is { } badNamespace)
        {
            problems.Add(("namespace", badNamespace));
        }

        if (timeoutSeconds is < 1)
        {
            problems.Add(("timeout", $"must be at least 1 second, got {timeoutSeconds}"));
        }

        // A graph answers on a host of the same form as a service's, so the two may not share a name in a namespace.
        var taken = graph.InferenceGraphs.Any(g => g.Name == name && g.Namespace == @namespace)
            || graph.Resources<InferenceServiceResource>().Any(r => r.Spec.Name == name && r.Spec.Namespace == @namespace);
        if (taken)
        {
            problems.Add(("name", $"{name} in namespace {@namespace} is already an InferenceGraph or InferenceService of this AppHost; rename one of them"));
        }

        problems.AddRange(InferenceGraphValidator.Check(spec));
        if (problems.Count > 0)
        {
            throw new GraphException([.. problems.Select(p => $"InferenceGraph {name}: {p.Field}: {p.Message}")]);
        }

        graph.InferenceGraphs.Add(spec);
        return spec;
    }
}
