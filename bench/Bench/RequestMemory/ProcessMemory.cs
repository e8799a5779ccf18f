using System.Globalization;

namespace Modelplane.Bench.RequestMemory;

/// <summary>A process's resident set now (<c>VmRSS</c>) and at its highest so far (<c>VmHWM</c>), in bytes, from <c>/proc/PID/status</c>.</summary>
internal readonly record struct ProcessMemory(long Resident, long Peak)
{
    public static ProcessMemory Read(int processId)
    {
        long resident = -1, peak = -1;
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                resident = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) * 1024;
            }
        }

        return resident < 0 || peak < 0
            ? throw new BenchmarkException($"/proc/{processId}/status has no VmRSS or VmHWM")
            : new ProcessMemory(resident, peak);

        static long Kilobytes(string line) =>
            long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
