using System.Globalization;
using Modelplane.Bench.Processes;

namespace Modelplane.Bench.H2load;

/// <summary>
/// Runs h2load, one thread on the load CPU, POSTing a gRPC-framed message to a gRPC method over plaintext HTTP/2:
/// either one request in flight on each of many connections, or many concurrent streams on one connection, as a gRPC
/// client channel sends concurrent unary calls.
/// </summary>
internal sealed class H2loadRunner(string repositoryRoot, string logDirectory, CpuPinning pinning, ChildProcessTracker tracker)
{
    /// <summary>The command; <paramref name="bodyFile"/> and <paramref name="logFile"/> as they should be shown or run.</summary>
    public IReadOnlyList<string> CommandFor(
        string url, string bodyFile, int connections, int streamsPerConnection, TimeSpan duration, string? logFile = null) => pinning.ForLoad(
    [
        "h2load", "-t1", $"-c{connections.ToString(CultureInfo.InvariantCulture)}", $"-m{streamsPerConnection.ToString(CultureInfo.InvariantCulture)}",
        "-D", $"{((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s",
        "-H", "content-type: application/grpc", "-H", "te: trailers",
        "-d", bodyFile,
        .. logFile is null ? Array.Empty<string>() : ["--log-file", logFile],
        url,
    ]);

    /// <summary>
    /// Runs once and fails loudly unless every request got a 2xx response carrying exactly
    /// <paramref name="responseDataBytes"/> bytes of DATA (the gRPC-framed response message). h2load cannot see
    /// <c>grpc-status</c>, which travels in trailers; but a gRPC error is answered without a message, so it shows as a
    /// response with no DATA and the byte count no longer adds up.
    /// </summary>
    public async Task<H2loadResult> RunAsync(
        Uri url, string bodyFile, int connections, int streamsPerConnection, TimeSpan duration, long responseDataBytes, CancellationToken cancellationToken)
    {
        var logFile = Path.Combine(logDirectory, "h2load-requests.tsv");
        var command = CommandFor(url.ToString(), bodyFile, connections, streamsPerConnection, duration, logFile);
        var (exitCode, output) = await Executable.RunAsync(command, repositoryRoot, tracker, cancellationToken);
        if (exitCode != 0)
        {
            throw new BenchmarkException($"`{string.Join(' ', command)}` exited with code {exitCode}:\n{output}");
        }

        var counts = H2loadOutputParser.Parse(output);
        var expectedData = counts.Done * responseDataBytes;
        if (counts.Done == 0 || counts.Unsuccessful > 0 || counts.Status2xx != counts.Done || counts.DataBytes != expectedData)
        {
            throw new BenchmarkException(
                $"{url} under {connections} connection(s) of {streamsPerConnection} stream(s): {counts.Done} requests done, {counts.Status2xx} answered 2xx, "
                + $"{counts.Failed} failed, {counts.Errored} errored, {counts.TimedOut} timed out, "
                + $"{counts.Status3xx + counts.Status4xx + counts.Status5xx} answered 3xx to 5xx; {counts.DataBytes} bytes of DATA where "
                + $"{counts.Done} answers of {responseDataBytes} bytes make {expectedData} (fewer means gRPC errors); "
                + $"no figure is recorded from a run with errors.\n{output}");
        }

        var latencies = H2loadOutputParser.ReadLatencies(File.ReadLines(logFile));
        File.Delete(logFile);
        return new H2loadResult(counts, H2loadOutputParser.Percentile(latencies, 50), H2loadOutputParser.Percentile(latencies, 99));
    }
}
