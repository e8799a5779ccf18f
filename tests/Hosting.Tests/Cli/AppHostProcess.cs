using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Modelplane.Hosting.Tests.Cli;

/// <summary>
/// The built AppHost running its graph under Aspire as its own process, as <c>dotnet run --project AppHost</c> runs it,
/// with a data directory of its own, the gateway and the dashboard on free ports; its output is read line by line as it
/// comes. The processes it runs are DCP's children, found through the DCP that watches the AppHost.
/// </summary>
internal sealed partial class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppHostProcess(Process process, string dataDirectory)
    {
        _process = process;
        DataDirectory = dataDirectory;
    }

    public int Id => _process.Id;

    public string DataDirectory { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The dashboard's login URL the AppHost printed, with its token.</summary>
    public Uri? DashboardLogin => DashboardLine().Match(Output) is { Success: true } match ? new Uri(match.Groups["url"].Value) : null;

    /// <summary>Starts the AppHost with <paramref name="arguments"/> after <c>run</c> and its own settings; <paramref name="environment"/> adds variables.</summary>
    public static AppHostProcess Start(string dataDirectory, IEnumerable<string>? arguments = null, IDictionary<string, string>? environment = null)
    {
        var info = AppHostCommand.StartInfo(["run", $"--Modelplane:DataDirectory={dataDirectory}", "--Modelplane:Endpoints:gateway:http=0", .. arguments ?? []]);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var host = new AppHostProcess(process, dataDirectory);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.Exited += (_, _) => host._ready.TrySetException(new InvalidOperationException($"the AppHost exited with code {process.ExitCode} before it was ready:\n{host.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits for the line the AppHost prints once every process is ready and the first predictions are done.</summary>
    public Task WaitUntilReadyAsync() => _ready.Task.WaitAsync(TimeSpan.FromSeconds(180));

    /// <summary>The processes the AppHost runs: the DCP that watches it, and everything under that DCP, read from /proc.</summary>
    public IReadOnlyList<int> Processes() => ProcessTree.Under(ProcessTree.Watching(Id));

    /// <summary>Every process of the run: the AppHost and what it runs.</summary>
    public IReadOnlyList<int> AllProcesses() => [Id, .. Processes()];

    /// <summary>Waits until the AppHost has printed a line holding <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text) =>
        Eventually.WaitAsync($"the AppHost to print '{text}'; it printed:\n{Output}", () => Task.FromResult(_process.HasExited || Output.Contains(text, StringComparison.Ordinal)));

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal, and waits for its exit code.</summary>
    public Task<int> InterruptAsync() => SignalAsync(2);

    /// <summary>Sends SIGTERM, as a service manager stops it, and waits for its exit code.</summary>
    public Task<int> TerminateAsync() => SignalAsync(15);

    /// <summary>Waits for the AppHost to exit on its own, and gives its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    /// <summary>Kills it outright (SIGKILL), leaving it no chance to stop anything.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        var left = AllProcesses();
        if (!_process.HasExited)
        {
            _ = Kill(Id, 15);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        await ProcessTree.StopAsync(left);
    }

    private async Task<int> SignalAsync(int signal)
    {
        _ = Kill(Id, signal);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.StartsWith("Press Ctrl+C to stop.", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    [GeneratedRegex(@"dashboard (?<url>http://\S+/login\?t=\S+)")]
    private static partial Regex DashboardLine();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
