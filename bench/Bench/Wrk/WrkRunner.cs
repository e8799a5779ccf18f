using System.Globalization;
using Modelplane.Bench.Processes;

namespace Modelplane.Bench.Wrk;

/// <summary>Runs wrk, one thread on the load CPU, POSTing a JSON file through <c>bench/wrk/post-json.lua</c>.</summary>
internal sealed class WrkRunner(string repositoryRoot, string bodyFile, CpuPinning pinning, ChildProcessTracker tracker)
{
    public const string Script = "bench/wrk/post-json.lua";

    /// <summary>The command for <paramref name="url"/>, with paths relative to the repository root.</summary>
    public IReadOnlyList<string> CommandFor(string url, int connections, TimeSpan duration) => pinning.ForLoad(
    [
        "wrk", "-t1", $"-c{connections.ToString(CultureInfo.InvariantCulture)}",
        $"-d{((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s",
        "--latency", "-s", Script, url, "--", bodyFile,
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
