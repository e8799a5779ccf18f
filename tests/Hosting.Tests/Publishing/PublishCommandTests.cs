using Modelplane.Hosting.Cli;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Publishing;

namespace Modelplane.Hosting.Tests.Publishing;

/// <summary>
/// <c>publish</c> writes the whole output or nothing: an unknown target, an output that is a file, a graph with problems
/// (names Kubernetes refuses), missing credentials, bad image names each give a clear error, exit code 1, and leave the
/// output as it was.
/// </summary>
public sealed class PublishCommandTests : IDisposable
{
    private readonly PublishGraphs _graphs = new();
    private readonly TemporaryDirectory _output = new("modelplane-publish-cmd");

    public void Dispose()
    {
        _output.Dispose();
        _graphs.Dispose();
    }

    [Fact]
    public async Task Publishing_replaces_the_output_directory_as_a_whole()
    {
        var directory = _output.Combine("out");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "stale.yaml"), "left from an earlier publish");

        var (exit, stdout, stderr) = await PublishAsync(_graphs.Sample(), "kubernetes", directory);

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains($"published 6 files for kubernetes to {directory}", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "stale.yaml")));
        Assert.True(File.Exists(Path.Combine(directory, "kustomization.yaml")));
        Assert.Equal([Path.GetFileName(directory)], Directory.EnumerateFileSystemEntries(_output.FullPath).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("helm", "error: unknown publish target 'helm'; use one of kubernetes, kserve, manifest")]
    [InlineData("Kubernetes", "error: unknown publish target 'Kubernetes'; use one of kubernetes, kserve, manifest")]
    public async Task An_unknown_target_writes_nothing(string target, string message)
    {
        var directory = _output.Combine("out");

        var (exit, _, stderr) = await PublishAsync(_graphs.Sample(), target, directory);

        Assert.Equal(1, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was written", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task An_output_that_is_a_file_is_refused_and_the_file_kept()
    {
        var file = _output.Combine("manifests");
        File.WriteAllText(file, "mine");

        var (exit, _, stderr) = await PublishAsync(_graphs.Sample(), "kubernetes", file);

        Assert.Equal(1, exit);
        Assert.Contains($"error: the output '{file}' is a file; give a directory", stderr, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public async Task A_spec_named_in_upper_case_keeps_the_graph_from_publishing()
    {
        using var specs = new TemporaryDirectory("specs");
        File.WriteAllText(
            specs.Combine("iris.yaml"),
            "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: Sklearn-Iris\nspec:\n  predictor:\n    model:\n      modelFormat: {name: onnx}\n      storageUri: s3://models/iris\n");
        using var graph = TestGraph.Model(PublishGraphs.Parameters());
        graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        graph.Builder.AddInferenceServices(specs.FullPath);
        var directory = _output.Combine("out");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "kept.yaml"), "kept");

        var (exit, _, stderr) = await PublishAsync(graph.Graph, "kubernetes", directory);

        Assert.Equal(1, exit);
        Assert.Contains("iris.yaml:4: metadata.name: 'Sklearn-Iris' is not a valid name", stderr, StringComparison.Ordinal);
        Assert.Contains("(e.g. sklearn-iris)", stderr, StringComparison.Ordinal);
        Assert.Equal(["kept.yaml"], Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_service_whose_component_names_would_be_too_long_keeps_the_graph_from_publishing()
    {
        using var graph = TestGraph.Model(PublishGraphs.Parameters());
        graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var name = "a-service-name-that-fits-a-label-but-not-with-its-role-after-it";
        graph.Builder.AddInferenceService(name[..60]).WithModel("s3://models/iris");
        var directory = _output.Combine("out");

        var (exit, _, stderr) = await PublishAsync(graph.Graph, "kserve", directory);

        Assert.Equal(1, exit);
        Assert.Contains($"the predictor of revision default would be named '{name[..60]}-predictor-default' is 78 characters long; names have at most 63", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory));
    }

    [Theory]
    [InlineData("Modelplane:Domain", "Example.COM", "gateway: the host of sklearn-iris 'sklearn-iris.default.Example.COM' has the part 'Example', which is not a DNS label")]
    [InlineData("Parameters:models-secret-key", "", "models: the model store's credentials are parameters the cluster needs; pass --Parameters:models-secret-key=VALUE")]
    [InlineData("Modelplane:Publish:Stores:models:Endpoint", "s3.example.com", "models: Modelplane:Publish:Stores:models:Endpoint is 's3.example.com', not an http or https URL")]
    public async Task Settings_a_cluster_would_refuse_are_reported_before_anything_is_written(string key, string value, string message)
    {
        var directory = _output.Combine("out");

        var (exit, _, stderr) = await PublishAsync(_graphs.Sample(new Dictionary<string, string?> { [key] = value }), "kubernetes", directory);

        Assert.Equal(1, exit);
        Assert.Contains($"error: {message}", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory));
    }

    [Theory]
    [InlineData("GHCR.io/You", "0.1.0", "--registry 'GHCR.io/You' is not a registry path")]
    [InlineData("ghcr.io/you", "-latest", "--tag '-latest' is not an image tag")]
    public async Task Image_names_a_registry_would_refuse_are_reported(string registry, string tag, string message)
    {
        var directory = _output.Combine("out");

        var (exit, _, stderr) = await PublishAsync(_graphs.Sample(), "kubernetes", directory, registry, tag);

        Assert.Equal(1, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task A_model_on_a_path_of_this_machine_cannot_be_published_for_a_cluster()
    {
        using var graph = TestGraph.Model(PublishGraphs.Parameters());
        graph.Builder.AddInferenceService("iris").WithModel(RepositoryRoot.Combine("models", "iris"));
        var directory = _output.Combine("out");

        var (exit, _, stderr) = await PublishAsync(graph.Graph, "kubernetes", directory);

        Assert.Equal(1, exit);
        Assert.Contains("error: iris-predictor-default: its model is at ", stderr, StringComparison.Ordinal);
        Assert.Contains("where a cluster cannot read it; push it with 'models push DIR s3://models/NAME'", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory));
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> PublishAsync(ModelplaneGraph graph, string target, string directory, string registry = "modelplane", string tag = "0.1.0")
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await PublishCommand.RunAsync(graph, new PublishOptions { Target = target, OutputDirectory = directory, Registry = registry, Tag = tag }, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
