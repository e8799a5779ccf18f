using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Modelplane.Hosting.Orchestration;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.ModelStore;

/// <summary>
/// An S3 server on 127.0.0.1 for the local model store: the <c>minio</c> binary when it is on PATH, otherwise
/// <c>s3rver</c> (pinned in <c>hosting/ModelStore/s3rver/package.json</c>, installed with <c>npm ci</c> when missing).
/// The AppHost and the tests share it: start, wait until it answers, connection string, stop.
/// </summary>
public sealed partial class LocalS3Server : IAsyncDisposable
{
    private readonly ProcessStartInfo _start;
    private readonly List<string> _output = [];
    private Process _process = null!;

    private LocalS3Server(ProcessStartInfo start, string kind, string accessKey, string secretKey)
    {
        _start = start;
        Kind = kind;
        AccessKey = accessKey;
        SecretKey = secretKey;
    }

    /// <summary><c>minio</c> or <c>s3rver</c>.</summary>
    public string Kind { get; }

    /// <summary>The process id, so only this process is ever ended.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Where the server listens, once started.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The access key the server accepts.</summary>
    public string AccessKey { get; }

    /// <summary>The secret key the server accepts.</summary>
    public string SecretKey { get; }

    /// <summary>The connection to the server.</summary>
    public S3Connection Connection => new(Endpoint, AccessKey, SecretKey, "us-east-1");

    /// <summary>The connection string, as <c>ConnectionStrings__{name}</c> passes it to the servers.</summary>
    public string ConnectionString => Connection.ToConnectionString();

    /// <summary>Starts a server keeping its objects in <paramref name="dataDirectory"/>, and waits until it answers.</summary>
    public static async Task<LocalS3Server> StartAsync(string dataDirectory, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(dataDirectory);
        var server = ProgramPath.Find("minio") is { } minio
            ? await StartMinioAsync(minio, dataDirectory)
            : await StartS3rverAsync(dataDirectory, progress, cancellationToken);
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
            // The process never started or is already gone.
        }

        _process.Dispose();
    }

    /// <summary>The directory holding s3rver's package.json: <c>MODELPLANE_S3RVER_DIR</c>, else found above the running program.</summary>
    public static string S3rverDirectory()
    {
        if (Environment.GetEnvironmentVariable("MODELPLANE_S3RVER_DIR") is { Length: > 0 } configured)
        {
            return configured;
        }

        var relative = Path.Combine("hosting", "ModelStore", "s3rver");
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, relative, "package.json")))
                {
                    return Path.Combine(directory.FullName, relative);
                }
            }
        }

        throw new InvalidOperationException(
            $"cannot find {relative}/package.json above {AppContext.BaseDirectory}; run from the Modelplane checkout, set MODELPLANE_S3RVER_DIR, or put the minio binary on PATH");
    }

    private static async Task<LocalS3Server> StartMinioAsync(string minio, string dataDirectory)
    {
        const string User = "modelplane";
        const string Password = "modelplane-local";
        var port = FreePort();
        var info = Redirected(minio, ["server", dataDirectory, "--address", $"127.0.0.1:{port}", "--console-address", $"127.0.0.1:{FreePort()}", "--quiet"]);
        info.Environment["MINIO_ROOT_USER"] = User;
        info.Environment["MINIO_ROOT_PASSWORD"] = Password;
        var server = new LocalS3Server(info, "minio", User, Password) { Endpoint = new Uri($"http://127.0.0.1:{port}") };
        await server.StartAsync();
        return server;
    }

    private static async Task<LocalS3Server> StartS3rverAsync(string dataDirectory, Action<string>? progress, CancellationToken cancellationToken)
    {
        var directory = S3rverDirectory();
        var script = Path.Combine(directory, "node_modules", "s3rver", "bin", "s3rver.js");
        var node = ProgramPath.Find("node") ?? throw new InvalidOperationException(
            "the local model store needs Node.js (to run s3rver) or the minio binary on PATH; install Node.js 20, or minio");
        if (!File.Exists(script))
        {
            progress?.Invoke($"installing s3rver (npm ci in {Path.GetRelativePath(Directory.GetCurrentDirectory(), directory)})");
            await InstallAsync(directory, cancellationToken);
        }

        // s3rver accepts the access key S3RVER (with any secret); the client still signs every request.
        var server = new LocalS3Server(
            Redirected(node, [script, "-d", dataDirectory, "-a", "127.0.0.1", "-p", "0", "--silent"]),
            "s3rver",
            "S3RVER",
            "S3RVER");
        await server.StartAsync();
        return server;
    }

    private static async Task InstallAsync(string directory, CancellationToken cancellationToken)
    {
        var npm = ProgramPath.Find("npm") ?? throw new InvalidOperationException("installing s3rver needs npm on PATH (it comes with Node.js)");
        var info = Redirected(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
        info.WorkingDirectory = directory;
        using var install = Process.Start(info)!;
        var errors = install.StandardError.ReadToEndAsync(cancellationToken);
        await install.StandardOutput.ReadToEndAsync(cancellationToken);
        await install.WaitForExitAsync(cancellationToken);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci for s3rver failed (exit code {install.ExitCode}): {(await errors).Trim()}");
        }
    }

    // Started like every child of the AppHost, so the server dies with it even when the AppHost is killed.
    private async Task StartAsync()
    {
        _process = await ChildProcessSpawner.Shared.StartAsync(_start);
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
            if (Endpoint is null && S3rverListening().Match(line) is { Success: true } match)
            {
                Endpoint = new Uri($"http://127.0.0.1:{match.Groups[1].Value}");
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
                throw new InvalidOperationException($"{Kind} exited with code {_process.ExitCode} before it answered: {string.Join(" | ", Output())}");
            }

            if (Endpoint is { } endpoint)
            {
                try
                {
                    // Any answer means it listens: s3rver lists buckets, minio refuses an unsigned request.
                    using var response = await client.GetAsync(endpoint, cancellationToken);
                    return;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{Kind} did not answer within 60 s: {string.Join(" | ", Output())}");
    }

    private List<string> Output()
    {
        lock (_output)
        {
            return [.. _output.TakeLast(10)];
        }
    }

    private static ProcessStartInfo Redirected(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"listening on [^:\s]+:(\d+)")]
    private static partial Regex S3rverListening();
}
