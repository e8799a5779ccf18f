using Modelplane.Hosting.Gpus;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Tests.Gpus;

/// <summary>
/// The replicas that ask for GPUs are spread over the machine's devices round-robin, across every component of the run,
/// each replica getting as many devices as its component asks for; asking for more than there are is refused by name.
/// </summary>
public sealed class GpuAssignmentTests
{
    [Fact]
    public void One_gpu_per_replica_goes_round_the_devices_across_components()
    {
        List<string> problems = [];

        var assigned = GpuAssignment.Assign(["0", "1"], [new GpuAsk("a-predictor-default", 3, 1), new GpuAsk("b-predictor-default", 2, 1)], problems);

        Assert.Empty(problems);
        Assert.Equal([["0"], ["1"], ["0"]], Texts(assigned[0]));
        Assert.Equal([["1"], ["0"]], Texts(assigned[1]));
    }

    [Fact]
    public void Several_gpus_per_replica_take_the_next_devices_wrapping_round()
    {
        List<string> problems = [];

        var assigned = GpuAssignment.Assign(["0", "1", "2"], [new GpuAsk("big-predictor-default", 3, 2)], problems);

        Assert.Empty(problems);
        Assert.Equal([["0", "1"], ["2", "0"], ["1", "2"]], Texts(assigned[0]));
    }

    [Fact]
    public void Device_ids_are_kept_as_given_and_in_their_order()
    {
        var assigned = GpuAssignment.Assign(["3", "1"], [new GpuAsk("a-predictor-default", 2, 1)], []);

        Assert.Equal([["3"], ["1"]], Texts(assigned[0]));
    }

    [Fact]
    public void Asking_for_more_gpus_per_replica_than_the_machine_has_names_the_component_and_the_numbers_and_the_others_are_still_placed()
    {
        List<string> problems = [];

        var assigned = GpuAssignment.Assign(["0", "1"], [new GpuAsk("huge-predictor-default", 2, 4), new GpuAsk("small-predictor-default", 1, 1)], problems);

        Assert.Equal(
            ["huge-predictor-default asks for 4 GPUs per replica (nvidia.com/gpu: 4), and this machine has 2 (0, 1); ask for at most 2, or run it on a machine with more"],
            problems);
        Assert.Empty(assigned[0]);
        Assert.Equal([["0"]], Texts(assigned[1]));
    }

    [Fact]
    public void A_machine_with_no_device_places_nothing_and_says_it_has_none()
    {
        List<string> problems = [];

        GpuAssignment.Assign([], [new GpuAsk("a-predictor-default", 1, 1)], problems);

        Assert.Equal(["a-predictor-default asks for 1 GPU per replica (nvidia.com/gpu: 1), and this machine has none; ask for at most 0, or run it on a machine with more"], problems);
    }

    private static List<List<string>> Texts(IReadOnlyList<EquatableList<string>> replicas) => [.. replicas.Select(r => r.ToList())];
}
