using Grpc.Net.Client;
using Modelplane.Serving.Grpc.V2;

namespace Modelplane.EndToEnd.Tests;

/// <summary>
/// The built predictor as its own process in explicit model control mode, over a temporary repository: iris and a
/// corrupt model loaded at start (the start-up models), a spare copy of iris and an idle one left for the repository
/// API. Gives an HTTP client and a client generated from the repository's proto; the process is killed on dispose.
/// </summary>
public sealed class GrpcPredictorFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _repository = new("grpc-repository");
    private ServerProcess? _predictor;
    private GrpcChannel? _channel;

    public HttpClient Http { get; private set; } = null!;

    public GRPCInferenceService.GRPCInferenceServiceClient Client { get; private set; } = null!;

    /// <summary>The predictor's gRPC (HTTP/2 without TLS) address, for requests no generated client would send.</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var iris = await File.ReadAllBytesAsync(RepositoryRoot.Combine("models", "iris", "1", "model.onnx"));
        foreach (var name in new[] { "iris", "spare", "idle" })
        {
            Directory.CreateDirectory(_repository.Combine(name, "1"));
            await File.WriteAllBytesAsync(_repository.Combine(name, "1", "model.onnx"), iris);
            File.Copy(RepositoryRoot.Combine("models", "iris", "config.json"), _repository.Combine(name, "config.json"));
        }

        Directory.CreateDirectory(_repository.Combine("corrupt", "1"));
        await File.WriteAllBytesAsync(_repository.Combine("corrupt", "1", "model.onnx"), iris[..(iris.Length / 2)]);

        _predictor = ServerProcess.Start(
            "Predictor",
            ["--model-repository", _repository.FullPath, "--model-control-mode", "explicit"],
            new Dictionary<string, string> { ["Serving__StartupModels__0"] = "iris", ["Serving__StartupModels__1"] = "corrupt" });
        Http = await _predictor.WaitUntilReadyAsync();
        GrpcAddress = await _predictor.WaitForGrpcAddressAsync();
        _channel = GrpcChannel.ForAddress(GrpcAddress);
        Client = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        Http?.Dispose();
        if (_predictor is not null)
        {
            await _predictor.DisposeAsync();
        }

        _repository.Dispose();
    }
}
