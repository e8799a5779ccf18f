using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Modelplane.Bench.Processes;

/// <summary>
/// Starts servers on 127.0.0.1 with a port the OS picks, pinned to the server CPU, and waits until they can serve.
/// </summary>
internal sealed partial class ServerLauncher(
    string repositoryRoot,
    string logDirectory,
    CpuPinning pinning,
    ChildProcessTracker tracker,
    HttpClient http)
{
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The command as it runs, relative to the repository root, for the console and the results file.</summary>
    public IReadOnlyList<string> CommandFor(ServerSpec spec) =>
        pinning.ForServer(["dotnet", spec.Assembly, .. spec.Arguments, "--urls", "http://127.0.0.1:0"]);

    /// <summary>Starts a server as <see cref="StartAsync"/> does, saying on the console what it starts and where it is ready.</summary>
    public async Task<ServerProcess> StartAnnouncedAsync(ServerSpec spec, CancellationToken cancellationToken)
    {
        Console.WriteLine($"starting {spec.Name}: {string.Join(' ', CommandFor(spec))}");
        var server = await StartAsync(spec, cancellationToken);
        Console.WriteLine($"  {spec.Name} (pid {server.Id}) ready on {server.BaseAddress}");
        return server;
    }

    public async Task<ServerProcess> StartAsync(ServerSpec spec, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(repositoryRoot, spec.Assembly)))
        {
            throw new BenchmarkException($"{spec.Assembly} is not built; `bash bench/run` builds it in Release");
        }

        // The server's output goes to a file, not a pipe: a server that logs every request would otherwise
        // make the harness read megabytes a second on the CPUs it is measuring. `exec` keeps one process id
        // from sh through taskset to dotnet, so killing that id stops the server itself.
        var logPath = Path.Combine(logDirectory, $"{spec.Name}.log");
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = repositoryRoot,
            UseShellExecute = false,
        };
        foreach (var argument in (IEnumerable<string>)["-c", "log=$1; shift; exec \"$@\" >\"$log\" 2>&1", "sh", logPath, .. CommandFor(spec)])
        {
            start.ArgumentList.Add(argument);
        }

        // Both servers run with the same, default configuration whatever the caller's shell exports.
        foreach (var variable in (string[])["ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "OTEL_EXPORTER_OTLP_ENDPOINT"])
        {
            start.Environment.Remove(variable);
        }

        var process = Process.Start(start) ?? throw new BenchmarkException($"could not start {spec.Name}");
        tracker.Track(process);
        var server = new ServerProcess(spec, process, logPath, tracker);
        try
        {
            // The HTTP address comes first: a server with a gRPC port logs "Now listening on:" for that port too, after its HTTP one.
            server.BaseAddress = await WaitForAddressAsync(server, ListeningOn(), "Now listening on:", cancellationToken);
            if (spec.ServesGrpc)
            {
                server.GrpcAddress = await WaitForAddressAsync(server, GrpcListeningOn(), "gRPC (HTTP/2) listening on:", cancellationToken);
            }

            if (spec.ReadinessPath is { } readiness)
            {
                await WaitForReadyAsync(server, new Uri(server.BaseAddress, readiness), cancellationToken);
            }

            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static async Task<Uri> WaitForAddressAsync(ServerProcess server, Regex line, string what, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ListenTimeout)
        {
            if (File.Exists(server.LogPath) && line.Match(await ReadStartAsync(server.LogPath, cancellationToken)) is { Success: true } match)
            {
                return new Uri(match.Groups["url"].Value);
            }

            server.ThrowIfExited("before it listened");
            await Task.Delay(PollInterval, cancellationToken);
        }

        throw new BenchmarkException($"{server.Spec.Name} did not log '{what}' within {ListenTimeout.TotalSeconds:0} s{server.LogTail()}");
    }

    private async Task WaitForReadyAsync(ServerProcess server, Uri readiness, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var last = "no answer";
        while (deadline.Elapsed < ReadyTimeout)
        {
            server.ThrowIfExited("before it was ready");
            try
            {
                using var response = await http.GetAsync(readiness, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        throw new BenchmarkException($"{server.Spec.Name} was not ready within {ReadyTimeout.TotalSeconds:0} s: GET {readiness.AbsolutePath} said {last}{server.LogTail()}");
    }

    /// <summary>Only the first few kilobytes: the address is logged at start-up, and the file may grow large later.</summary>
    private static async Task<string> ReadStartAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[16 * 1024];
        var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"gRPC \(HTTP/2\) listening on: (?<url>http://\S+)")]
    private static partial Regex GrpcListeningOn();
}
