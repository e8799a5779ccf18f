namespace Modelplane.Predictor.Tests;

/// <summary>
/// One predictor shared by a test class: iris in versions 1 and 2, a model whose file is not ONNX, a truncated
/// copy of iris, and a model with a broken config.json.
/// </summary>
public sealed class PredictorFixture : IAsyncLifetime
{
    private readonly TestModelRepository _repository = new();
    private PredictorFactory? _factory;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The body limit the fixture configures, small enough to exceed cheaply.</summary>
    public static int MaxRequestBodySize => 256 * 1024;

    public async Task InitializeAsync()
    {
        var iris = TestModelRepository.IrisModelBytes;
        _repository
            .AddIris("iris", 1, 2)
            .AddModelFile("garbage", 1, "this is not an ONNX model"u8.ToArray())
            .AddModelFile("truncated", 1, iris[..(iris.Length / 2)])
            .AddModelFile("misconfigured", 1, iris)
            .AddConfig("misconfigured", """{"labels": ["a", "b", "c"], "lables": []}""");
        _factory = new PredictorFactory(_repository.Root, new Dictionary<string, string?>
        {
            ["Serving:MaxRequestBodySize"] = MaxRequestBodySize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Client = await _factory.StartAsync();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        _repository.Dispose();
    }
}
