namespace Modelplane.Hosting.Processes;

/// <summary>
/// How long a crashed replica waits before it is started again: 1 s, then twice as long each time up to 30 s, back to
/// 1 s once a run lasted a minute (Kubernetes' CrashLoopBackOff, which Aspire lacks).
/// </summary>
internal sealed class RestartBackoff(TimeSpan first, TimeSpan max, TimeSpan resetAfter)
{
    private readonly TimeSpan _first = first;
    private TimeSpan _next = first;

    public static RestartBackoff Default() => new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));

    /// <summary>The wait before the next start, given how long the run that just ended lasted.</summary>
    public TimeSpan Next(TimeSpan lastRun)
    {
        if (lastRun >= resetAfter)
        {
            _next = _first;
        }

        var wait = _next;
        _next = TimeSpan.FromTicks(Math.Min(max.Ticks, _next.Ticks * 2));
        return wait;
    }
}
