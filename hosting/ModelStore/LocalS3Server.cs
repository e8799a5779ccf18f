using System.Diagnostics;
using Modelplane.Hosting.Processes;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.ModelStore;

/// <summary>
/// A local S3 server started by this process (tests and tools; the AppHost has DCP run its store): the command
/// <see cref="S3ServerCommand"/> chooses, on a free port of 127.0.0.1, waited for until it answers, stopped on dispose.
/// </summary>
public sealed class LocalS3Server : IAsyncDisposable
{
    private static readonly LocalPorts Ports = new();
    private readonly Process _process;
    private readonly List<string> _output = [];

    private LocalS3Server(S3ServerCommand command, Process process)
    {
        Command = command;
        _process = process;
    }

    /// <summary>What runs the server.</summary>
    public S3ServerCommand Command { get; }

    /// <summary><c>minio</c> or <c>s3rver</c>.</summary>
    public string Kind => Command.Kind;

    /// <summary>The process id, so only this process is ever ended.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Where the server listens.</summary>
    public Uri Endpoint => Command.Endpoint;

    /// <summary>The connection to the server.</summary>
    public S3Connection Connection => Command.Connection;

    /// <summary>The connection string, as <c>ConnectionStrings__{name}</c> passes it to the servers.</summary>
    public string ConnectionString => Command.ConnectionString;

    /// <summary>Starts a server keeping its objects in <paramref name="dataDirectory"/>, and waits until it answers.</summary>
    public static async Task<LocalS3Server> StartAsync(string dataDirectory, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(dataDirectory);
        var command = S3ServerCommand.For(dataDirectory, Ports.Allocate(), Ports.Allocate());
        if (command.NeedsInstall)
        {
            progress?.Invoke($"installing s3rver (npm ci in {Path.GetRelativePath(Directory.GetCurrentDirectory(), command.WorkingDirectory)})");
            await command.InstallAsync(cancellationToken);
        }

        var info = new ProcessStartInfo(command.Program) { WorkingDirectory = command.WorkingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command.Args)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.Environment)
        {
            info.Environment[name] = value;
        }

        var server = new LocalS3Server(command, Process.Start(info) ?? throw new InvalidOperationException($"{command.Program} did not start"));
        server._process.OutputDataReceived += (_, e) => server.Record(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilAnsweringAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server, waiting for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Kind} exited with code {_process.ExitCode} before it answered: {Output()}");
            }

            try
            {
                // Any answer means it listens: s3rver lists buckets, minio refuses an unsigned request.
                using var response = await client.GetAsync(Endpoint, cancellationToken);
                return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{Kind} did not answer within 60 s: {Output()}");
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join(" | ", _output.TakeLast(10));
        }
    }
}
