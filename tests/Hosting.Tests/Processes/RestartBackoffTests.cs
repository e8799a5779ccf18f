using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.Tests.Processes;

/// <summary>A process that exits is started again at once, then after 1 s, 2 s, 4 s... up to 30 s, and at once again after a minute's run.</summary>
public sealed class RestartBackoffTests
{
    [Fact]
    public void The_first_restart_is_at_once_then_the_wait_doubles_up_to_the_cap_and_a_long_run_starts_over()
    {
        var backoff = RestartBackoff.Default();
        var quick = TimeSpan.FromSeconds(2);

        var waits = Enumerable.Range(0, 8).Select(_ => backoff.Next(quick).TotalSeconds).ToList();
        var afterLongRun = backoff.Next(TimeSpan.FromMinutes(2));
        var next = backoff.Next(quick);

        Assert.Equal([0, 1, 2, 4, 8, 16, 30, 30], waits);
        Assert.Equal(TimeSpan.Zero, afterLongRun);
        Assert.Equal(TimeSpan.FromSeconds(1), next);
        Assert.Equal("restarting now", RestartBackoff.Describe(TimeSpan.Zero));
        Assert.Equal("restarting in 4 s", RestartBackoff.Describe(TimeSpan.FromSeconds(4)));
    }
}
