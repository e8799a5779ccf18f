using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Modelplane.Gateway.Tests;

/// <summary>
/// The built predictor as its own process on 127.0.0.1 with OS-picked HTTP and gRPC ports, serving copies of the
/// sample iris model whose labels carry <see cref="Name"/>, so every answer tells which replica gave it. Disposing
/// it kills the process and deletes its repository, also when a test failed.
/// </summary>
internal sealed class PredictorReplica : IUpstream, IAsyncDisposable
{
    private readonly TemporaryDirectory _repository;
    private ServerProcess _process;

    private PredictorReplica(string name, TemporaryDirectory repository, ServerProcess process, Uri http, Uri grpc)
    {
        Name = name;
        _repository = repository;
        _process = process;
        Http = http;
        Grpc = grpc;
    }

    /// <summary>What the replica's labels say; empty for the sample model's own labels.</summary>
    public string Name { get; }

    public Uri Http { get; }

    public Uri? Grpc { get; }

    /// <summary>The label this replica gives <see cref="IrisRequests.SetosaRow"/>.</summary>
    public string Setosa => Label("setosa");

    /// <summary>
    /// Starts a predictor whose repository holds each of <paramref name="models"/> as a copy of iris labelled
    /// <c>{name}-{species}</c> (the sample's labels when <paramref name="name"/> is empty). With
    /// <paramref name="unready"/> it also holds a model that cannot load and runs in strict readiness, so its
    /// <c>/v2/health/ready</c> answers 503 while its iris models still answer.
    /// </summary>
    public static async Task<PredictorReplica> StartAsync(string name, IReadOnlyList<string>? models = null, bool unready = false)
    {
        var repository = new TemporaryDirectory("gateway-predictor");
        ServerProcess? process = null;
        try
        {
            foreach (var model in models ?? ["iris"])
            {
                await AddIrisAsync(repository, model, name);
            }

            var environment = new Dictionary<string, string>();
            if (unready)
            {
                Directory.CreateDirectory(repository.Combine("broken", "1"));
                await File.WriteAllBytesAsync(repository.Combine("broken", "1", "model.onnx"), [1, 2, 3]);
                environment["Serving__StrictReadiness"] = "true";
            }

            process = ServerProcess.Start("Predictor", ["--model-repository", repository.FullPath], environment);
            var http = await process.WaitUntilListeningAsync();
            var grpc = await process.WaitForGrpcAddressAsync();
            using var client = new HttpClient { BaseAddress = http };
            var readyPath = unready ? $"/v2/models/{(models ?? ["iris"])[0]}/ready" : "/v2/health/ready";
            await Eventually.WaitAsync($"predictor '{name}' to answer {readyPath}", async () =>
            {
                using var response = await client.GetAsync(new Uri(readyPath, UriKind.Relative));
                return response.IsSuccessStatusCode;
            });
            return new PredictorReplica(name, repository, process, http, grpc);
        }
        catch
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }

            repository.Dispose();
            throw;
        }
    }

    /// <summary>The label this replica gives a species.</summary>
    public string Label(string species) => Name.Length == 0 ? species : $"{Name}-{species}";

    /// <summary>What the current process has written to its standard output.</summary>
    public string Output => _process.StandardOutput;

    /// <summary>Sends SIGTERM, as Kubernetes and a supervisor stop a replica, and waits until the process has exited.</summary>
    public async Task TerminateAsync()
    {
        _process.Terminate();
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// Starts the replica again on the same ports with the same repository, as a supervisor restarts a replica that
    /// exited, and returns once it listens: its models may still be loading.
    /// </summary>
    public async Task RestartAsync()
    {
        var previous = _process;
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Http.Port}",
            ["Serving__GrpcPort"] = Grpc!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _process = ServerProcess.Start("Predictor", ["--model-repository", _repository.FullPath], environment);
        await previous.DisposeAsync();
        await _process.WaitUntilListeningAsync();
    }

    /// <summary>Kills the process by its id, as a crashed replica dies, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        using (var process = Process.GetProcessById(_process.Id))
        {
            process.Kill();
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _repository.Dispose();
    }

    private static async Task AddIrisAsync(TemporaryDirectory repository, string model, string name)
    {
        Directory.CreateDirectory(repository.Combine(model, "1"));
        File.Copy(RepositoryRoot.Combine("models", "iris", "1", "model.onnx"), repository.Combine(model, "1", "model.onnx"));
        var config = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryRoot.Combine("models", "iris", "config.json")))!;
        if (name.Length > 0)
        {
            config["labels"] = new JsonArray([.. IrisData.Species.Select(s => (JsonNode)$"{name}-{s}")]);
        }

        await File.WriteAllTextAsync(repository.Combine(model, "config.json"), config.ToJsonString());
    }
}
