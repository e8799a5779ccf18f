using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Gpus;

/// <summary>
/// Spreads the replicas that ask for GPUs over a machine's devices, without I/O. Taken in order, each replica of a
/// component that asks for k GPUs gets the next k devices, going round the list, so the replicas of all the components
/// of a run share the devices evenly (as a scheduler spreads pods over a node's GPUs, but here they may share one).
/// </summary>
internal static class GpuAssignment
{
    /// <summary>
    /// The devices of each replica of each ask, in order. A component asking for more GPUs per replica than the machine
    /// has gets none, and a problem naming it and the numbers is added to <paramref name="problems"/>.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<EquatableList<string>>> Assign(IReadOnlyList<string> devices, IReadOnlyList<GpuAsk> asks, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(asks);
        ArgumentNullException.ThrowIfNull(problems);
        var next = 0;
        var assigned = new List<IReadOnlyList<EquatableList<string>>>();
        foreach (var ask in asks)
        {
            var count = ask.GpusPerReplica;
            if (count > devices.Count)
            {
                var has = devices.Count == 0 ? "none" : $"{devices.Count} ({string.Join(", ", devices)})";
                problems.Add($"{ask.Component} asks for {count} GPU{(count == 1 ? string.Empty : "s")} per replica (nvidia.com/gpu: {count}), and this machine has {has}; ask for at most {devices.Count}, or run it on a machine with more");
                assigned.Add([]);
                continue;
            }

            var replicas = new List<EquatableList<string>>();
            for (var replica = 0; replica < ask.Replicas; replica++)
            {
                replicas.Add(EquatableList.From(Enumerable.Range(next, count).Select(i => devices[i % devices.Count])));
                next = (next + count) % devices.Count;
            }

            assigned.Add(replicas);
        }

        return assigned;
    }
}
