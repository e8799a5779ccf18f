using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Modelplane.EndToEnd.Tests;

/// <summary>
/// A built service run as its own process (<c>dotnet Modelplane.X.dll</c>) on 127.0.0.1 with an OS-picked port,
/// its output captured; disposing it kills the process tree if it is still running, also when a test failed.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Uri> _grpc = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>dotnet {dll} {args}</c>, or the service's native program when <paramref name="native"/> names it,
    /// listening on 127.0.0.1 at a port the OS picks.
    /// </summary>
    public static ServerProcess Start(string service, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? native = null)
    {
        var info = new ProcessStartInfo(native ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.FullPath,
        };
        if (native is null)
        {
            info.ArgumentList.Add(BuiltService.Dll(service));
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["Serving__GrpcPort"] = "0";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var server = new ServerProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        server._process.OutputDataReceived += (_, e) => server.OnOutput(e.Data);
        server._process.ErrorDataReceived += (_, e) => Append(server._stderr, e.Data);
        server._process.Exited += (_, _) =>
        {
            var exited = new InvalidOperationException($"{service} exited with code {server._process.ExitCode} before listening:\n{server.StandardError}\n{server.StandardOutput}");
            server._listening.TrySetException(exited);
            server._grpc.TrySetException(exited);
        };
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>The HTTP address Kestrel printed first once it listens.</summary>
    public Task<Uri> WaitUntilListeningAsync() => _listening.Task.WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>The gRPC address the server printed once it listens.</summary>
    public Task<Uri> WaitForGrpcAddressAsync() => _grpc.Task.WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>Polls <paramref name="path"/> until it answers 200; the server's own readiness, not a guess.</summary>
    public async Task<HttpClient> WaitUntilReadyAsync(string path = "/v2/health/ready")
    {
        var client = new HttpClient { BaseAddress = await WaitUntilListeningAsync() };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative), timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return client;
                }
            }
            catch (HttpRequestException) when (!timeout.IsCancellationRequested)
            {
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Waits for the process to end on its own and gives its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"process {_process.Id} did not exit:\n{StandardError}\n{StandardOutput}", e);
        }

        return _process.ExitCode;
    }

    /// <summary>Asks the process to stop as Kubernetes and Ctrl+C do, with SIGTERM.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException($"could not signal process {_process.Id}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"gRPC \(HTTP/2\) listening on: (http://\S+)")]
    private static partial Regex GrpcLine();

    private void OnOutput(string? line)
    {
        Append(_stdout, line);
        if (line is not null && ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }

        if (line is not null && GrpcLine().Match(line) is { Success: true } grpc)
        {
            _grpc.TrySetResult(new Uri(grpc.Groups[1].Value));
        }
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
