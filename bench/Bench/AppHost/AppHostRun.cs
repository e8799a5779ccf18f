using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Modelplane.Bench.Processes;

namespace Modelplane.Bench.AppHost;

/// <summary>
/// The AppHost as a user runs it, in a session of its own so that SIGINT reaches <c>dotnet run</c> and the AppHost
/// together, as Ctrl+C does in a terminal; its output goes to a file the harness reads.
/// </summary>
internal sealed partial class AppHostRun : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ChildProcessTracker _tracker;

    private AppHostRun(Process process, string logPath, ChildProcessTracker tracker)
    {
        _process = process;
        LogPath = logPath;
        _tracker = tracker;
    }

    public string LogPath { get; }

    public string Output => File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

    public bool HasExited => _process.HasExited;

    /// <summary>The process started: <c>dotnet run</c>, or the AppHost itself when started directly.</summary>
    public int Id => _process.Id;

    /// <summary>Starts <paramref name="command"/> (run from the repository root) through setsid, its output into <paramref name="logPath"/>.</summary>
    public static AppHostRun Start(string repositoryRoot, IReadOnlyList<string> command, string logPath, ChildProcessTracker tracker)
    {
        var start = new ProcessStartInfo("/usr/bin/setsid") { WorkingDirectory = repositoryRoot, UseShellExecute = false };
        foreach (var argument in (IEnumerable<string>)["/bin/sh", "-c", "log=$1; shift; exec \"$@\" >\"$log\" 2>&1", "sh", logPath, .. command])
        {
            start.ArgumentList.Add(argument);
        }

        // The AppHost runs with its own defaults whatever the caller's shell exports.
        foreach (var variable in (string[])["ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "OTEL_EXPORTER_OTLP_ENDPOINT"])
        {
            start.Environment.Remove(variable);
        }

        var process = Process.Start(start) ?? throw new BenchmarkException($"could not start {Executable.Display(command)}");
        tracker.Track(process);
        return new AppHostRun(process, logPath, tracker);
    }

    /// <summary>Waits for the line the AppHost prints once its graph is ready and its first predictions are done.</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!Output.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal))
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new BenchmarkException($"the AppHost was not ready{(_process.HasExited ? $" (it exited with code {_process.ExitCode})" : " within 3 minutes")}:\n{Output}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Waits until the AppHost has printed the address of <paramref name="resource"/>, which it does once that process is ready.</summary>
    public async Task<Uri> WaitForAddressAsync(string resource, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (PrintedAddress(resource) is { } address)
            {
                return address;
            }

            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new BenchmarkException($"the AppHost did not say {resource} was ready{(_process.HasExited ? $" (it exited with code {_process.ExitCode})" : " within 3 minutes")}:\n{Output}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>The address the AppHost printed for a resource, as in <c>✓ NAME   http://127.0.0.1:PORT</c>.</summary>
    public Uri AddressOf(string resource) =>
        PrintedAddress(resource) ?? throw new BenchmarkException($"the AppHost did not print an address for {resource}:\n{Output}");

    /// <summary>
    /// Whether this process ignores SIGINT (the <c>SigIgn</c> mask of <c>/proc/self/status</c>); the processes it
    /// starts would inherit that, and Ctrl+C's signal would not stop them.
    /// </summary>
    public static bool InterruptIgnored()
    {
        const ulong SigintBit = 1UL << (2 - 1);
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var mask)
            && (mask & SigintBit) != 0;
    }

    /// <summary>SIGINT to the session, as Ctrl+C in a terminal; waits for the AppHost to stop everything and exit.</summary>
    public async Task<int> StopAsync()
    {
        _ = Kill(-_process.Id, 2);
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new BenchmarkException($"the AppHost did not stop within {StopTimeout.TotalSeconds:0} s of Ctrl+C (SIGINT):\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(-_process.Id, 9);
            await _process.WaitForExitAsync();
        }

        _tracker.Forget(_process);
        _process.Dispose();
    }

    /// <summary>The AppHost's arguments for a run of its own: its data under <paramref name="work"/>, its gateway on <paramref name="port"/>.</summary>
    public static string[] Settings(string work, int port) =>
        [$"--Modelplane:DataDirectory={Path.Combine(work, "data")}", $"--Modelplane:Endpoints:gateway:http={port}"];

    /// <summary>A port on 127.0.0.1 that nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Sends <paramref name="signal"/> to a process (or, with a negative id, a process group); 0 when sent.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    private Uri? PrintedAddress(string resource) =>
        ResourceLine().Matches(Output).FirstOrDefault(m => m.Groups["name"].Value == resource) is { } match ? new Uri(match.Groups["url"].Value) : null;

    [GeneratedRegex(@"✓ (?<name>\S+)\s+(?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ResourceLine();

}
