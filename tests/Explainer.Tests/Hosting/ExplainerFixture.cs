extern alias predictor;

using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Modelplane.Explainer.Tests.Hosting;

/// <summary>
/// One predictor and the explainers in front of it, in the test process, shared by the tests of the
/// <see cref="SharedExplainers"/>. The repository both read holds copies of iris (with and without background data)
/// and models built here with a known explanation. <see cref="Explainer"/> finds the predictor by service discovery and
/// explains each model as its settings say; <see cref="Batched"/> calls it in small batches; <see cref="Orphan"/> has a
/// predictor address where nothing listens.
/// </summary>
public sealed class ExplainerFixture : IAsyncLifetime
{
    /// <summary>The region of <c>image</c> and <c>image-coarse</c> that decides their scores.</summary>
    internal static readonly ImageRegion Region = new(Top: 8, Left: 4, Bottom: 11, Right: 7);

    /// <summary>The side of the region models' square images.</summary>
    internal const int ImageSide = 16;

    /// <summary>The batch limits of <see cref="Batched"/>: 500 rows, or 10 rows of a 16 × 16 FP32 image.</summary>
    internal const int BatchedRows = 500;

    internal const int BatchedBytes = 10 * ImageSide * ImageSide * sizeof(float);

    private readonly TestRepository _repository = new();

    internal InProcessServer<predictor::Program> Predictor { get; private set; } = null!;

    internal InProcessServer<Program> Explainer { get; private set; } = null!;

    internal InProcessServer<Program> Batched { get; private set; } = null!;

    internal InProcessServer<Program> Orphan { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // Whether or not the runner disposes a fixture that failed to start, what did start is stopped here.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in new IAsyncDisposable?[] { Orphan, Batched, Explainer, Predictor })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        _repository.Dispose();
    }

    private async Task StartAsync()
    {
        var linear = LinearCase.Small;
        var wide = LinearCase.Wide;
        var softmax = SoftmaxCase.Instance;
        _repository
            .AddIris("iris")
            .AddIris("iris-kernel")
            .AddIris("plain", background: false)
            .Add("linear", linear.Model).AddBackground("linear", linear.FeatureNames, linear.Background)
            .Add("wide", wide.Model).AddBackground("wide", wide.FeatureNames, wide.Background)
            .Add("wide-strict", wide.Model).AddBackground("wide-strict", wide.FeatureNames, wide.Background)
            .Add("softmax16", softmax.Model).AddBackground("softmax16", SoftmaxCase.FeatureNames, softmax.Background)
            .Add("image", TestModels.RegionImage(ImageSide, Region))
            .Add("image-coarse", TestModels.RegionImage(ImageSide, Region));

        Predictor = await InProcessServer<predictor::Program>.StartAsync(new Dictionary<string, string?> { ["Serving:ModelRepository"] = _repository.Root });
        var predictorUrl = Predictor.Address.ToString();
        Explainer = await InProcessServer<Program>.StartAsync(new Dictionary<string, string?>
        {
            ["Serving:ModelRepository"] = _repository.Root,
            ["services:predictor:http:0"] = predictorUrl,
            ["Explainer:Models:iris-kernel:Method"] = "KernelShap",
            ["Explainer:Models:wide:Method"] = "Exact",
            ["Explainer:Models:wide-strict:Method"] = "Exact",
            ["Explainer:Models:wide-strict:ExactFallback"] = "None",
            ["Explainer:Models:image-coarse:PatchSize"] = "3",
            ["Explainer:Models:image-coarse:Stride"] = "2",
        });
        Batched = await InProcessServer<Program>.StartAsync(new Dictionary<string, string?>
        {
            ["Serving:ModelRepository"] = _repository.Root,
            ["Explainer:PredictorUrl"] = predictorUrl,
            ["Explainer:MaxBatchSize"] = BatchedRows.ToString(CultureInfo.InvariantCulture),
            ["Explainer:MaxBatchBytes"] = BatchedBytes.ToString(CultureInfo.InvariantCulture),
        });
        Orphan = await InProcessServer<Program>.StartAsync(new Dictionary<string, string?>
        {
            ["Serving:ModelRepository"] = _repository.Root,
            ["Explainer:PredictorUrl"] = $"127.0.0.1:{ClosedPort()}",
        });
    }

    /// <summary>A port nothing listens on: one the OS just gave out and took back.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
