using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Modelplane.Bench.Processes;

/// <summary>
/// What <c>/proc/PID/stat</c> says of a process: when it started, on the <see cref="Stopwatch"/>'s clock (the kernel
/// counts in clock ticks since boot, 10 ms each), the CPU time it has used, and its parent.
/// </summary>
internal static partial class ProcessStat
{
    private const int ClockBoottime = 7;
    private const int ClockTicksName = 2;

    /// <summary>
    /// The process's start as a <see cref="Stopwatch"/> timestamp, good to half a clock tick; the CPU time it has used so
    /// far (user and system, in ms, in whole ticks); its parent's name. Null once it is gone.
    /// </summary>
    public static (long Started, double CpuMilliseconds, string ParentName)? Read(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // After "pid (comm) ", field 3 (state) is the first; the parent is field 4, user and system time 14 and 15, the
        // start time 22.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var cpuTicks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var ticks = long.Parse(fields[19], CultureInfo.InvariantCulture);
        double hertz = Sysconf(ClockTicksName);
        var now = Stopwatch.GetTimestamp();
        if (ClockGetTime(ClockBoottime, out var boot) != 0)
        {
            throw new BenchmarkException($"clock_gettime(CLOCK_BOOTTIME) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        // The kernel rounds the start down to its tick; half a tick more is the best guess of when it was.
        var ago = boot.Seconds + boot.Nanoseconds / 1e9 - (ticks + 0.5) / hertz;
        string parentName;
        try
        {
            parentName = File.ReadAllText($"/proc/{parent}/comm").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            parentName = "?";
        }

        return (now - (long)(ago * Stopwatch.Frequency), cpuTicks * 1000 / hertz, parentName);
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial nint Sysconf(int name);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
