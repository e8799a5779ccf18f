using System.Globalization;
using Modelplane.Bench.Processes;

namespace Modelplane.Bench.Wrk;

/// <summary>
/// Runs wrk, one thread on the load CPU, sending what a <see cref="WrkScript"/> in <c>bench/wrk/</c> says; a
/// <c>timeout</c> sets wrk's <c>--timeout</c> for requests slower than its 2 s default.
/// </summary>
internal sealed class WrkRunner(string repositoryRoot, WrkScript script, CpuPinning pinning, ChildProcessTracker tracker, TimeSpan? timeout = null)
{
    /// <summary>The command for <paramref name="url"/>, with paths relative to the repository root.</summary>
    public IReadOnlyList<string> CommandFor(string url, int connections, TimeSpan duration) => pinning.ForLoad(
    [
        "wrk", "-t1", $"-c{connections.ToString(CultureInfo.InvariantCulture)}",
        $"-d{((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s",
        "--latency",
        .. timeout is { } t ? ["--timeout", $"{((int)t.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s"] : Array.Empty<string>(),
        "-s", script.Path, url, "--", .. script.Arguments,
    ]);

    /// <summary>Runs once and fails loudly on any error response or socket error, since those make the figures meaningless.</summary>
    public async Task<WrkResult> RunAsync(Uri url, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        var command = CommandFor(url.ToString(), connections, duration);
        var (exitCode, output) = await Executable.RunAsync(command, repositoryRoot, tracker, cancellationToken);
        if (exitCode != 0)
        {
            throw new BenchmarkException($"`{string.Join(' ', command)}` exited with code {exitCode}:\n{output}");
        }

        var result = WrkOutputParser.Parse(output);
        if (result.Requests == 0 || result.Non2xxResponses > 0 || result.SocketErrors > 0)
        {
            throw new BenchmarkException(
                $"{url} under {connections} connection(s): {result.Requests} requests, {result.Non2xxResponses} answered with status >= 400, "
                + $"socket errors: {result.SocketErrorDetail}; no figure is recorded from a run with errors.\n{output}");
        }

        return result;
    }
}
