using System.Diagnostics;
using Modelplane.Hosting.ModelStore;

namespace Modelplane.EndToEnd.Tests.Storage;

/// <summary>
/// s3rver started on a given port over a given data directory: a store coming back where a predictor already looks
/// for it (<see cref="LocalS3Server"/> takes a port the OS picks). Disposing it ends this process, by its id.
/// </summary>
internal sealed class S3rverOnPort : IAsyncDisposable
{
    private readonly Process _process;

    private S3rverOnPort(Process process) => _process = process;

    public static async Task<S3rverOnPort> StartAsync(string dataDirectory, int port)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(S3ServerCommand.S3rverDirectory(), "node_modules", "s3rver", "bin", "s3rver.js"), "-d", dataDirectory, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" })
        {
            info.ArgumentList.Add(argument);
        }

        var server = new S3rverOnPort(Process.Start(info) ?? throw new InvalidOperationException("node did not start"));
        server._process.OutputDataReceived += (_, _) => { };
        server._process.ErrorDataReceived += (_, _) => { };
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilAnsweringAsync(port);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
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

    private async Task WaitUntilAnsweringAsync(int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"s3rver on port {port} exited with code {_process.ExitCode}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/"), timeout.Token);
                return;
            }
            catch (HttpRequestException) when (!timeout.IsCancellationRequested)
            {
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
