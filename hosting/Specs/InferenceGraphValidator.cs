using Modelplane.Serving.Graphs;
using Modelplane.Serving.Routing;

namespace Modelplane.Hosting.Specs;

/// <summary>
/// The checks KServe's InferenceGraph webhook makes (a root node, one target per step, unique step names, Splitter
/// weights adding up to 100) and those its router would fail on at request time (a step naming no node of the graph, a
/// cycle of nodes, a weight outside a Splitter, a condition outside the supported GJSON). Each problem names its field
/// relative to the graph's spec (<c>nodes.root.steps[1].weight</c>), for the YAML reader and the C# builder alike.
/// </summary>
internal static class InferenceGraphValidator
{
    public static IReadOnlyList<(string Field, string Message)> Check(InferenceGraphSpec graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var problems = new List<(string Field, string Message)>();
        if (graph.FindNode(GraphRoute.RootNode) is null)
        {
            var names = graph.Nodes.Count == 0 ? "it has none" : $"it has {string.Join(", ", graph.Nodes.Select(n => n.Name))}";
            problems.Add(("nodes", $"has no node named '{GraphRoute.RootNode}'; requests enter a graph at its root node, so name the first node root ({names})"));
        }

        // YAML keys are unique already; a list of nodes built in C# may name one twice.
        foreach (var twice in graph.Nodes.GroupBy(n => n.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(($"nodes.{twice.Key}", $"names {twice.Count()} nodes; node names are unique in a graph, so rename all but one"));
        }

        foreach (var node in graph.Nodes)
        {
            CheckSteps(graph, node, problems);
        }

        problems.AddRange(Cycles(graph));
        return problems;
    }

    private static void CheckSteps(InferenceGraphSpec graph, GraphNodeSpec node, List<(string Field, string Message)> problems)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < node.Steps.Count; i++)
        {
            var step = node.Steps[i];
            var field = StepField(node.Name, i);
            var targets = new[] { ("serviceName", step.ServiceName), ("serviceUrl", step.ServiceUrl), ("nodeName", step.NodeName) }
                .Where(t => !string.IsNullOrEmpty(t.Item2)).Select(t => t.Item1).ToList();
            if (targets.Count == 0)
            {
                problems.Add((field, "has no target; give it one of serviceName (an InferenceService), serviceUrl or nodeName (another node)"));
            }
            else if (targets.Count > 1)
            {
                problems.Add((field, $"has {string.Join(" and ", targets)}; a step has exactly one target, so keep one of them"));
            }
            else if (step.NodeName is { Length: > 0 } next && graph.FindNode(next) is null)
            {
                problems.Add(($"{field}.nodeName", $"'{next}' is not a node of this graph; name one of {string.Join(", ", graph.Nodes.Select(n => n.Name))}"));
            }

            if (step.Name is { Length: > 0 } name && !names.Add(name))
            {
                problems.Add(($"{field}.name", $"'{name}' names another step of node {node.Name} too; step names are unique in their node"));
            }

            if (step.Weight is not null && node.RouterType != GraphRouterType.Splitter)
            {
                problems.Add(($"{field}.weight", $"only a Splitter's steps have a weight, and node {node.Name} is routerType: {node.RouterType}; remove it, or make the node routerType: Splitter"));
            }
            else if (step.Weight is null && node.RouterType == GraphRouterType.Splitter)
            {
                problems.Add((field, $"has no weight; each step of a Splitter needs its share of the traffic, e.g. weight: {100 / node.Steps.Count}"));
            }

            if (step.Condition is { Length: > 0 } condition && !GjsonPath.TryParse(condition, out _, out var error))
            {
                problems.Add(($"{field}.condition", $"'{condition}': {error}"));
            }
        }

        var total = node.Steps.Sum(s => s.Weight ?? 0);
        if (node.RouterType == GraphRouterType.Splitter && node.Steps.All(s => s.Weight is not null) && total != 100)
        {
            problems.Add(($"nodes.{node.Name}.steps", $"the weights of the Splitter's steps add up to {total}; make them add up to 100"));
        }
    }

    // A request entering a cycle would go round it until it times out; KServe's webhook lets it through, its router does not end.
    private static List<(string Field, string Message)> Cycles(InferenceGraphSpec graph)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        var problems = new List<(string Field, string Message)>();
        foreach (var node in graph.Nodes)
        {
            Visit(graph, node, path, done, problems);
        }

        return problems;
    }

    private static void Visit(InferenceGraphSpec graph, GraphNodeSpec node, List<string> path, HashSet<string> done, List<(string Field, string Message)> problems)
    {
        if (done.Contains(node.Name))
        {
            return;
        }

        path.Add(node.Name);
        for (var i = 0; i < node.Steps.Count; i++)
        {
            if (node.Steps[i].NodeName is not { Length: > 0 } next || graph.FindNode(next) is not { } target)
            {
                continue;
            }

            var at = path.IndexOf(next);
            if (at >= 0)
            {
                var cycle = string.Join(" -> ", path.Skip(at).Append(next));
                problems.Add(($"{StepField(node.Name, i)}.nodeName", $"'{next}' closes the cycle {cycle}; a request would go round it forever, so end the cycle at a service"));
            }
            else
            {
                Visit(graph, target, path, done, problems);
            }
        }

        path.RemoveAt(path.Count - 1);
        done.Add(node.Name);
    }

    private static string StepField(string node, int index) => $"nodes.{node}.steps[{index}]";
}
