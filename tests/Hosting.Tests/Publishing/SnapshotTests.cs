namespace Modelplane.Hosting.Tests.Publishing;

/// <summary>The published YAML and JSON of the sample graph, of each seed dialect's graph and of the GPU graph is exactly the committed snapshot.</summary>
public sealed class SnapshotTests : IDisposable
{
    private readonly PublishGraphs _graphs = new();

    public void Dispose() => _graphs.Dispose();

    [Theory]
    [InlineData("kubernetes")]
    [InlineData("kserve")]
    public async Task The_sample_graph_publishes_as_its_snapshot(string target) =>
        Snapshots.Match("sample", target, await PublishGraphs.PublishAsync(_graphs.Sample(), target));

    [Fact]
    public async Task The_sample_graph_publishes_through_aspires_manifest_publisher_as_its_snapshot() =>
        Snapshots.Match("sample", "manifest", await _graphs.AspireManifestAsync());

    [Theory]
    [MemberData(nameof(PublishGraphs.Dialects), MemberType = typeof(PublishGraphs))]
    public async Task Each_seed_dialect_publishes_for_kubernetes_as_its_snapshot(string dialect) =>
        Snapshots.Match(dialect, "kubernetes", await PublishGraphs.PublishAsync(_graphs.Dialect(dialect), "kubernetes"));

    [Theory]
    [MemberData(nameof(PublishGraphs.Dialects), MemberType = typeof(PublishGraphs))]
    public async Task Each_seed_dialect_publishes_for_kserve_as_its_snapshot(string dialect) =>
        Snapshots.Match(dialect, "kserve", await PublishGraphs.PublishAsync(_graphs.Dialect(dialect), "kserve"));

    [Theory]
    [InlineData("kubernetes")]
    [InlineData("kserve")]
    public async Task A_predictor_that_asks_for_a_gpu_publishes_for_the_gpu_pool_as_its_snapshot(string target) =>
        Snapshots.Match("gpu", target, await PublishGraphs.PublishAsync(_graphs.Gpu(), target));

    [Fact]
    public async Task Publishing_twice_gives_the_same_bytes_and_names_no_path_of_this_machine()
    {
        var first = await _graphs.AspireManifestAsync();
        var second = await _graphs.AspireManifestAsync();

        Assert.Equal(first.Files, second.Files);
        foreach (var (target, files) in new[] { ("kubernetes", await PublishGraphs.PublishAsync(_graphs.Sample(), "kubernetes")), ("kserve", await PublishGraphs.PublishAsync(_graphs.Sample(), "kserve")), ("manifest", first) })
        {
            foreach (var (path, text) in files.Files)
            {
                Assert.DoesNotContain(RepositoryRoot.FullPath, text, StringComparison.Ordinal);
                Assert.DoesNotContain(Path.Combine(Path.GetTempPath(), "modelplane-"), text, StringComparison.Ordinal);
                Assert.False(text.Contains(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + "/", StringComparison.Ordinal), $"{target}/{path} names the home directory");
            }
        }
    }
}
