using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting;

/// <summary>Checks a graph before anything starts: references and waits inside it, no wait cycles, sane replicas.</summary>
internal static class GraphValidator
{
    public static IReadOnlyList<string> Check(PlatformApplicationModel model)
    {
        var problems = new List<string>();
        var names = model.Resources.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var resource in model.Resources)
        {
            foreach (var reference in resource.Annotations.OfType<ReferenceAnnotation>().Where(r => !names.Contains(r.Target.Name)))
            {
                problems.Add($"{resource.Name}: references '{reference.Target.Name}', which is not in the graph");
            }

            foreach (var wait in resource.Annotations.OfType<WaitAnnotation>().Where(w => !names.Contains(w.Resource.Name)))
            {
                problems.Add($"{resource.Name}: waits for '{wait.Resource.Name}', which is not in the graph");
            }

            if (resource.Annotations.Last<ReplicaAnnotation>() is { } replicas && (replicas.Min < 0 || replicas.Max < 1 || replicas.Min > replicas.Max))
            {
                problems.Add($"{resource.Name}: replicas min {replicas.Min}, max {replicas.Max}: need 0 <= min <= max and max >= 1");
            }

            var endpoints = resource.Annotations.OfType<EndpointAnnotation>().GroupBy(e => e.Name).Where(g => g.Count() > 1);
            problems.AddRange(endpoints.Select(g => $"{resource.Name}: has {g.Count()} endpoints named '{g.Key}'"));
        }

        if (FindCycle(model) is { } cycle)
        {
            problems.Add($"resources wait for each other in a circle: {string.Join(" -> ", cycle)}; remove one of these WaitFor calls (or a WithReference to a connection string, which waits too)");
        }

        return problems;
    }

    private static List<string>? FindCycle(PlatformApplicationModel model)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();

        List<string>? Visit(IResource resource)
        {
            switch (state.GetValueOrDefault(resource.Name))
            {
                case 1:
                    return [.. path.SkipWhile(n => n != resource.Name), resource.Name];
                case 2:
                    return null;
            }

            state[resource.Name] = 1;
            path.Add(resource.Name);
            foreach (var dependency in resource.StartsAfter())
            {
                if (Visit(dependency) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[resource.Name] = 2;
            return null;
        }

        return model.Resources.Select(Visit).FirstOrDefault(c => c is not null);
    }
}
