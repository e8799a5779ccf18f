using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Publishing;

namespace Modelplane.Hosting.Tests.Publishing;

/// <summary>
/// The graphs the publishing tests publish: the sample AppHost's (its Program.cs, appsettings.json and specs/), one
/// per seed dialect, whose spec places here once the store holds the models it names and its unreachable URIs are mapped,
/// and a predictor that asks for a GPU, published for a GPU pool.
/// </summary>
internal sealed class PublishGraphs : IDisposable
{
    public const string AccessKey = "modelplane";
    public const string SecretKey = "example-secret-key";

    private readonly TemporaryDirectory _specs = new("modelplane-publish-specs");
    private readonly List<TestGraph> _graphs = [];

    /// <summary>The seed cases: the dialect, its seed file, the models its store must hold and the mappings it needs.</summary>
    public static TheoryData<string> Dialects => ["kserve", "kfserving", "kubedl", "paddleservice"];

    public static (string File, string[] Models, (string From, string To)[] Mappings) Seed(string dialect) => dialect switch
    {
        "kserve" => ("kserve-sklearn-iris.yaml", ["iris"], [("gs://kfserving-examples/models/sklearn/1.0/model", "s3://models/iris")]),
        "kfserving" => ("kfserving-flowers-sample.yaml", ["flowers"], [("gs://kfserving-samples/models/tensorflow/flowers", "s3://models/flowers")]),
        "kubedl" => ("kubedl-multiple-models.yaml", ["model-a", "model-b"], []),
        "paddleservice" => ("paddleservice-resnet.yaml", ["ResNet50_vd_model"], []),
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "no such seed case"),
    };

    public static Dictionary<string, string?> Parameters() => new()
    {
        ["Parameters:models-access-key"] = AccessKey,
        ["Parameters:models-secret-key"] = SecretKey,
    };

    /// <summary>The sample AppHost's graph, built as AppHost/Program.cs builds it, from the AppHost's own directory.</summary>
    public ModelplaneGraph Sample(IDictionary<string, string?>? settings = null, string[]? args = null)
    {
        var all = Parameters();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var graph = TestGraph.Model(all, RepositoryRoot.Combine("AppHost"), args);
        _graphs.Add(graph);
        var builder = graph.Builder;
        var models = builder.AddModelStore("models").WithModel("iris", "../models/iris");
        builder.AddInferenceService("sklearn-iris")
            .WithModel("s3://models/iris")
            .WithCanary("s3://models/iris", trafficPercent: 10)
            .WithReference(models)
            .WithSampleRequest("/v1/models/sklearn-iris:predict", """{"instances": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}""");
        builder.AddInferenceServices("specs");
        builder.AddGateway("gateway", port: 8080);
        return graph.Graph;
    }

    /// <summary>The graph of one seed dialect's spec, its store holding the models the spec names, and the gateway.</summary>
    public ModelplaneGraph Dialect(string dialect)
    {
        var (file, models, mappings) = Seed(dialect);
        var settings = Parameters();
        for (var i = 0; i < mappings.Length; i++)
        {
            settings[$"Modelplane:StorageMappings:{i}:from"] = mappings[i].From;
            settings[$"Modelplane:StorageMappings:{i}:to"] = mappings[i].To;
        }

        var graph = TestGraph.Model(settings);
        _graphs.Add(graph);
        var folder = Path.Combine(_specs.FullPath, dialect);
        Directory.CreateDirectory(folder);
        File.Copy(RepositoryRoot.Combine("tests", "Hosting.Tests", "Specs", "Seeds", file), Path.Combine(folder, file));
        var store = graph.Builder.AddModelStore("models");
        foreach (var model in models)
        {
            store.WithModel(model, RepositoryRoot.Combine("models", "iris"));
        }

        graph.Builder.AddInferenceServices(folder);
        graph.Builder.AddGateway("gateway", port: 8080);
        graph.Graph.Complete();
        Assert.Empty(graph.Graph.Problems);
        return graph.Graph;
    }

    /// <summary>The GPU pool <see cref="Gpu"/> is published for: a node label, and a taint tolerated whatever its value and one with its value.</summary>
    public static Dictionary<string, string?> GpuPool() => new()
    {
        ["Modelplane:Publish:GpuNodeSelector"] = "cloud.google.com/gke-accelerator=nvidia-l4",
        ["Modelplane:Publish:GpuTolerations"] = "nvidia.com/gpu:NoSchedule,pool=gpu:NoExecute",
    };

    /// <summary>The graph of Publishing/Specs/iris-gpu.yaml (a KServe predictor asking for one GPU per replica), its store and the gateway, for <see cref="GpuPool"/>.</summary>
    public ModelplaneGraph Gpu()
    {
        var settings = Parameters();
        foreach (var (key, value) in GpuPool())
        {
            settings[key] = value;
        }

        var graph = TestGraph.Model(settings);
        _graphs.Add(graph);
        var folder = Path.Combine(_specs.FullPath, "gpu");
        Directory.CreateDirectory(folder);
        File.Copy(RepositoryRoot.Combine("tests", "Hosting.Tests", "Publishing", "Specs", "iris-gpu.yaml"), Path.Combine(folder, "iris-gpu.yaml"));
        graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        graph.Builder.AddInferenceServices(folder);
        graph.Builder.AddGateway("gateway", port: 8080);
        graph.Graph.Complete();
        Assert.Empty(graph.Graph.Problems);
        return graph.Graph;
    }

    public static Task<PublishedFiles> PublishAsync(ModelplaneGraph graph, string target, string? registry = null) =>
        PublisherCatalog.PublishAsync(graph, new PublishOptions { Target = target, OutputDirectory = "unused", Registry = registry ?? PublishOptions.DefaultRegistry, Tag = "0.1.0" });

    /// <summary>The sample graph as Aspire's own manifest publisher writes it (<c>--publisher manifest --output-path DIR</c>), file by file.</summary>
    public async Task<PublishedFiles> AspireManifestAsync()
    {
        // Inside the repository, as a user publishes beside the AppHost: the manifest names projects relative to itself.
        using var output = new TemporaryDirectory(RepositoryRoot.Combine("AppHost", "obj"), "manifest");
        var graph = Sample(args: ["--publisher", "manifest", "--output-path", output.FullPath]);
        await using (var app = graph.Builder.Build())
        {
            await app.RunAsync();
        }

        var files = new PublishedFiles();
        foreach (var file in Directory.EnumerateFiles(output.FullPath, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetRelativePath(output.FullPath, file).Replace(Path.DirectorySeparatorChar, '/'), await File.ReadAllTextAsync(file));
        }

        return files;
    }

    public void Dispose()
    {
        foreach (var graph in _graphs)
        {
            graph.Dispose();
        }

        _specs.Dispose();
    }
}
