namespace Modelplane.Hosting.Processes;

/// <summary>
/// How long a crashed replica waits before it is started again: not at all the first time, as the kubelet restarts a
/// container at once, then 1 s, twice as long each time up to 30 s, and at once again after a run that lasted a minute
/// (Kubernetes' CrashLoopBackOff, which Aspire lacks). Every second of waiting is a second of requests held.
/// </summary>
internal sealed class RestartBackoff(TimeSpan first, TimeSpan max, TimeSpan resetAfter)
{
    private readonly TimeSpan _first = first;
    private TimeSpan _next = TimeSpan.Zero;

    public static RestartBackoff Default() => new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));

    /// <summary>How a restart after <paramref name="wait"/> is told: <c>restarting now</c>, <c>restarting in 2 s</c>.</summary>
    public static string Describe(TimeSpan wait) => wait <= TimeSpan.Zero
        ? "restarting now"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"restarting in {wait.TotalSeconds:0} s");

    /// <summary>The wait before the next start, given how long the run that just ended lasted.</summary>
    public TimeSpan Next(TimeSpan lastRun)
    {
        if (lastRun >= resetAfter)
        {
            _next = TimeSpan.Zero;
        }

        var wait = _next;
        _next = wait == TimeSpan.Zero ? _first : TimeSpan.FromTicks(Math.Min(max.Ticks, wait.Ticks * 2));
        return wait;
    }
}
