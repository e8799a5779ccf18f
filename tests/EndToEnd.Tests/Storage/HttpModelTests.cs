using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Modelplane.EndToEnd.Tests.Storage;

/// <summary>
/// KServe's single-file form: <c>STORAGE_URI=http://host/.../model.onnx</c> with a model name. The predictor process
/// downloads the file from a real web server on 127.0.0.1 into its cache, serves it, and on a restart finds the copy
/// current by its ETag; a URL that answers 404 leaves it up and not ready, saying so.
/// </summary>
public sealed class HttpModelTests : IAsyncLifetime
{
    private WebApplication _files = null!;
    private Uri _address = null!;
    private int _downloads;

    public async Task InitializeAsync()
    {
        var model = RepositoryRoot.Combine("models", "iris", "1", "model.onnx");
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(model)))}\"");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _files = builder.Build();
        _files.MapMethods("/models/iris/model.onnx", ["GET", "HEAD"], (HttpContext context) =>
        {
            if (HttpMethods.IsGet(context.Request.Method))
            {
                Interlocked.Increment(ref _downloads);
            }

            return Results.File(model, "application/octet-stream", entityTag: etag);
        });
        await _files.StartAsync();
        _address = new Uri(_files.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public async Task DisposeAsync() => await _files.DisposeAsync();

    [Fact]
    public async Task A_model_file_over_http_is_downloaded_once_served_under_its_name_and_found_current_on_restart()
    {
        using var cache = new TemporaryDirectory("modelplane-cache");
        var environment = new Dictionary<string, string> { ["STORAGE_URI"] = new Uri(_address, "/models/iris/model.onnx").ToString() };
        await using (var first = StoredPredictor.Start("Endpoint=http://127.0.0.1:1;AccessKey=unused;SecretKey=unused", cache.FullPath, ["--model_name", "flowers"], environment))
        {
            using var client = await first.WaitUntilReadyAsync();
            await StoredPredictor.AssertPredictsAsync(client, "flowers");
            first.Terminate();
            Assert.Equal(0, await first.WaitForExitAsync());
        }

        await using var second = StoredPredictor.Start("Endpoint=http://127.0.0.1:1;AccessKey=unused;SecretKey=unused", cache.FullPath, ["--model_name", "flowers"], environment);
        using var again = await second.WaitUntilReadyAsync();

        await StoredPredictor.AssertPredictsAsync(again, "flowers");
        Assert.Equal(1, Volatile.Read(ref _downloads));
        Assert.Contains("the cached copy is current (1 files); nothing downloaded", second.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_url_that_answers_404_leaves_the_predictor_up_and_not_ready_saying_so()
    {
        using var cache = new TemporaryDirectory("modelplane-cache");
        var missing = new Uri(_address, "/models/tulip/model.onnx").ToString();
        await using var predictor = StoredPredictor.Start("Endpoint=http://127.0.0.1:1;AccessKey=unused;SecretKey=unused", cache.FullPath, ["--model_name", "tulip"], new Dictionary<string, string> { ["STORAGE_URI"] = missing });

        var error = await StoredPredictor.WaitUntilNotReadyBecauseAsync(predictor, missing, "answered 404");

        Assert.Contains($"{missing}: the server answered 404 Not Found", error, StringComparison.Ordinal);
    }
}
