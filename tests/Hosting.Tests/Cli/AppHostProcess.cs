using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Modelplane.Hosting.Tests.Cli;

/// <summary>
/// The built AppHost running its graph as its own process, as <c>dotnet run --project AppHost</c> runs it, with a data
/// directory of its own and the gateway on a free port; its output is read line by line as it comes.
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

    public static AppHostProcess Start(string dataDirectory, params string[] arguments)
    {
        var info = AppHostCommand.StartInfo(["run", $"--Modelplane:DataDirectory={dataDirectory}", "--Modelplane:Endpoints:gateway:http=0", .. arguments]);
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

    /// <summary>Waits for the line the AppHost prints once every resource is healthy and the first predictions are done.</summary>
    public Task WaitUntilReadyAsync() => _ready.Task.WaitAsync(TimeSpan.FromSeconds(180));

    /// <summary>The processes the AppHost started (its children), read from /proc.</summary>
    public IReadOnlyList<int> Children() =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == Id)];

    /// <summary>Waits until the AppHost has printed a line holding <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text) =>
        Eventually.WaitAsync($"the AppHost to print '{text}'; it printed:\n{Output}", () => Task.FromResult(_process.HasExited || Output.Contains(text, StringComparison.Ordinal)));

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal, and waits for its exit code.</summary>
    public Task<int> InterruptAsync() => SignalAsync(2);

    /// <summary>Sends SIGTERM, as a service manager stops it, and waits for its exit code.</summary>
    public Task<int> TerminateAsync() => SignalAsync(15);

    private async Task<int> SignalAsync(int signal)
    {
        _ = Kill(Id, signal);
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
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid ...", where comm may hold spaces but ends at the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return 0;
        }
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

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
