using System.Globalization;
using Modelplane.Bench.Reporting;

namespace Modelplane.Bench.Comparison;

/// <summary>
/// One measured run, as every benchmark runs and prints it: a discarded warm-up, then the measured load, the servers
/// checked after each, on one progress line that ends with the figures, or with "failed" or "interrupted".
/// </summary>
internal static class MeasuredRun
{
    public static string Seconds(TimeSpan duration) => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0} s");

    /// <summary>
    /// Runs <paramref name="load"/> for <paramref name="warmup"/>, then for <paramref name="duration"/>, and returns the
    /// second; <paramref name="throwIfExited"/> fails the run, saying when, if a server it depends on has exited.
    /// </summary>
    public static async Task<T> RunAsync<T>(
        string label,
        TimeSpan warmup,
        TimeSpan duration,
        Func<TimeSpan, Task<T>> load,
        Action<string> throwIfExited,
        CancellationToken cancellationToken)
        where T : ILoadResult
    {
        Console.Write($"  {label} warm-up {Seconds(warmup)} ...");
        T result;
        try
        {
            await load(warmup);
            throwIfExited("during the warm-up");
            Console.Write($" measuring {Seconds(duration)} ...");
            result = await load(duration);
            throwIfExited("during the measured run");
        }
        catch
        {
            // Ends the progress line, so the reason printed next starts on its own line.
            Console.WriteLine(cancellationToken.IsCancellationRequested ? " interrupted" : " failed");
            throw;
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $" {result.RequestsPerSecond:N0} requests/s, p50 {result.P50Milliseconds:0.000} ms, p99 {result.P99Milliseconds:0.000} ms"));
        return result;
    }
}
