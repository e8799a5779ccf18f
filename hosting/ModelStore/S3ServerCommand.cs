using System.Diagnostics;
using System.Globalization;
using Modelplane.Hosting.Processes;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.ModelStore;

/// <summary>
/// How a local S3 server is run on a port of 127.0.0.1 with its objects in a directory: the <c>minio</c> binary when it
/// is on PATH, otherwise <c>s3rver</c> under Node.js (pinned in <c>hosting/ModelStore/s3rver/package.json</c>, installed
/// with <c>npm ci</c> when missing). The AppHost has DCP run it; tests and tools start it with <see cref="LocalS3Server"/>.
/// </summary>
public sealed record S3ServerCommand(
    string Kind,
    string Program,
    IReadOnlyList<string> Args,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    int Port,
    string AccessKey,
    string SecretKey)
{
    /// <summary>The kind when the minio binary runs the store.</summary>
    public const string Minio = "minio";

    /// <summary>The kind when s3rver runs the store.</summary>
    public const string S3rver = "s3rver";

    // MinIO's keys are the store's own; s3rver accepts the access key S3RVER (with any secret), and the client still signs.
    private const string MinioUser = "modelplane";
    private const string MinioPassword = "modelplane-local";
    private const string S3rverKey = "S3RVER";

    /// <summary>Where the server answers.</summary>
    public Uri Endpoint => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}"));

    /// <summary>The connection to the server.</summary>
    public S3Connection Connection => new(Endpoint, AccessKey, SecretKey, "us-east-1");

    /// <summary>The connection string, as <c>ConnectionStrings__{name}</c> passes it to the servers.</summary>
    public string ConnectionString => Connection.ToConnectionString();

    /// <summary>Whether s3rver must be installed (<see cref="InstallAsync"/>) before it can run.</summary>
    public bool NeedsInstall => Kind == S3rver && !File.Exists(Args[0]);

    /// <summary>
    /// The command for a server keeping its objects in <paramref name="dataDirectory"/> and listening on
    /// <paramref name="port"/> (MinIO's console on <paramref name="consolePort"/>); an <see cref="InvalidOperationException"/>
    /// says what is missing when neither server can run here.
    /// </summary>
    public static S3ServerCommand For(string dataDirectory, int port, int consolePort)
    {
        if (ProgramPath.Find(Minio) is { } minio)
        {
            return new S3ServerCommand(
                Minio,
                minio,
                ["server", dataDirectory, "--address", Address(port), "--console-address", Address(consolePort), "--quiet"],
                dataDirectory,
                new Dictionary<string, string> { ["MINIO_ROOT_USER"] = MinioUser, ["MINIO_ROOT_PASSWORD"] = MinioPassword },
                port,
                MinioUser,
                MinioPassword);
        }

        var node = ProgramPath.Find("node") ?? throw new InvalidOperationException(
            "the local model store needs Node.js (to run s3rver) or the minio binary on PATH; install Node.js 20, or minio");
        var directory = S3rverDirectory();
        return new S3ServerCommand(
            S3rver,
            node,
            [Path.Combine(directory, "node_modules", "s3rver", "bin", "s3rver.js"), "-d", dataDirectory, "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "--silent"],
            directory,
            new Dictionary<string, string>(),
            port,
            S3rverKey,
            S3rverKey);
    }

    /// <summary>The directory holding s3rver's package.json: <c>MODELPLANE_S3RVER_DIR</c>, else found above the running program.</summary>
    public static string S3rverDirectory()
    {
        if (System.Environment.GetEnvironmentVariable("MODELPLANE_S3RVER_DIR") is { Length: > 0 } configured)
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

    /// <summary>Installs s3rver from its lock file (<c>npm ci</c>).</summary>
    public async Task InstallAsync(CancellationToken cancellationToken)
    {
        var npm = ProgramPath.Find("npm") ?? throw new InvalidOperationException("installing s3rver needs npm on PATH (it comes with Node.js)");
        var info = new ProcessStartInfo(npm) { WorkingDirectory = WorkingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        {
            info.ArgumentList.Add(argument);
        }

        using var install = Process.Start(info)!;
        var errors = install.StandardError.ReadToEndAsync(cancellationToken);
        await install.StandardOutput.ReadToEndAsync(cancellationToken);
        await install.WaitForExitAsync(cancellationToken);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci for s3rver failed (exit code {install.ExitCode}): {(await errors).Trim()}");
        }
    }

    private static string Address(int port) => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}");
}
