using System.Diagnostics;

namespace Modelplane.Hosting.Tests;

/// <summary>Checks on processes a test made run, by their ids.</summary>
internal static class ProcessAssert
{
    /// <summary>Waits until none of <paramref name="ids"/> is running (a stop takes a moment to reach the kernel).</summary>
    public static async Task AllGoneAsync(IEnumerable<int> ids)
    {
        var remaining = ids.ToList();
        await Eventually.WaitAsync($"processes {string.Join(", ", remaining)} to be gone", () =>
        {
            remaining = [.. remaining.Where(IsRunning)];
            return Task.FromResult(remaining.Count == 0);
        });
    }

    public static bool IsRunning(int id)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
