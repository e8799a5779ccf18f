using System.Net;
using Modelplane.Explainer.Tests.Hosting;
using Modelplane.Hosting.ModelStore;
using Modelplane.Serving.Storage;

namespace Modelplane.Explainer.Tests.Explanations;

/// <summary>
/// The background data comes from the model store with the model: iris pushed to a real local S3 server as KServe
/// stores one model (model.onnx, config.json and background.csv side by side), and an explainer given
/// <c>STORAGE_URI=s3://models/iris</c>, as the storage initializer fills a pod's model directory.
/// </summary>
[Collection(SharedExplainers.Name)]
public sealed class StoredModelTests(ExplainerFixture fixture) : IAsyncLifetime
{
    private readonly TemporaryDirectory _model = new("explainer-stored-model");
    private readonly TemporaryDirectory _data = new("explainer-s3");
    private readonly TemporaryDirectory _cache = new("explainer-cache");
    private LocalS3Server? _store;
    private InProcessServer<Program>? _explainer;

    public async Task InitializeAsync()
    {
        try
        {
            foreach (var file in new[] { Path.Combine("1", "model.onnx"), "config.json", "background.csv" })
            {
                File.Copy(RepositoryRoot.Combine("models", "iris", file), _model.Combine(Path.GetFileName(file)));
            }

            _store = await LocalS3Server.StartAsync(_data.FullPath);
            var destination = StorageUri.Parse("s3://models/iris");
            using (var objects = S3ObjectStore.Open(_store.Connection))
            {
                await new ModelPusher(objects).PushAsync(destination, ModelPusher.Plan(_model.FullPath, destination), null, CancellationToken.None);
            }

            _explainer = await InProcessServer<Program>.StartAsync(new Dictionary<string, string?>
            {
                ["STORAGE_URI"] = "s3://models/iris",
                ["Serving:ModelName"] = "iris",
                ["Serving:StorageCacheDirectory"] = _cache.FullPath,
                ["ConnectionStrings:models"] = _store.ConnectionString,
                ["Explainer:PredictorUrl"] = fixture.Predictor.Address.ToString(),
            });
        }
        catch
        {
            // Whether or not the runner disposes a class whose start failed, the store it started is stopped here.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_explainer is not null)
        {
            await _explainer.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        (_explainer, _store) = (null, null);
        _cache.Dispose();
        _data.Dispose();
        _model.Dispose();
    }

    [Fact]
    public async Task A_model_from_the_store_is_explained_against_the_background_stored_beside_it()
    {
        var stored = await _explainer!.Client.ExplainAsync("iris", [[6.8, 2.8, 4.8, 1.4]]);
        var local = await fixture.Explainer.Client.ExplainAsync("iris", [[6.8, 2.8, 4.8, 1.4]]);

        Assert.True(stored.Status == HttpStatusCode.OK, stored.Text);
        Assert.Equal(150, stored.Metadata["background_rows"]!.GetValue<long>());
        Assert.Equal(local.Explanations.ToJsonString(), stored.Explanations.ToJsonString());
    }
}
