using System.Diagnostics;
using System.Text;

namespace Modelplane.Bench.Processes;

/// <summary>A running server; disposing it kills it by its process id and waits until it is gone.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);
    private readonly Process _process;
    private readonly ChildProcessTracker _tracker;
    private Uri? _baseAddress;
    private Uri? _grpcAddress;

    public ServerProcess(ServerSpec spec, Process process, string logPath, ChildProcessTracker tracker)
    {
        Spec = spec;
        _process = process;
        LogPath = logPath;
        _tracker = tracker;
    }

    public ServerSpec Spec { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    /// <summary>Where it listens, as it logged it.</summary>
    public Uri BaseAddress
    {
        get => _baseAddress ?? throw new InvalidOperationException($"{Spec.Name} has not logged its address yet");
        set => _baseAddress = value;
    }

    /// <summary>Where its gRPC port listens, as it logged it; only for a server that <see cref="ServerSpec.ServesGrpc"/>.</summary>
    public Uri GrpcAddress
    {
        get => _grpcAddress ?? throw new InvalidOperationException($"{Spec.Name} has not logged a gRPC address");
        set => _grpcAddress = value;
    }

    public void ThrowIfExited(string when)
    {
        if (_process.HasExited)
        {
            throw new BenchmarkException($"{Spec.Name} exited with code {_process.ExitCode} {when}{LogTail()}");
        }
    }

    /// <summary>The last lines the server printed, set off for an error message.</summary>
    public string LogTail()
    {
        const int TailBytes = 4096;
        try
        {
            using var file = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var start = Math.Max(0, file.Length - TailBytes);
            file.Position = start;
            var buffer = new byte[file.Length - start];
            file.ReadExactly(buffer);
            var text = Encoding.UTF8.GetString(buffer).TrimEnd();
            var lines = text.Split('\n').TakeLast(20).Select(line => $"    | {line}");
            return $"\n  last lines of {Spec.Name}'s output:\n{string.Join('\n', lines)}";
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ChildProcessTracker.Kill(_process);
        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"bench: {Spec.Name} (pid {_process.Id}) did not exit within {ExitTimeout.TotalSeconds:0} s of being killed");
        }

        _tracker.Forget(_process);
        _process.Dispose();
    }
}
