namespace Modelplane.Hosting.Tests.Publishing;

/// <summary>The published YAML and JSON of the sample graph and of each seed dialect's graph is exactly the committed snapshot.</summary>
public sealed class SnapshotTests : IDisposable
{
    private readonly PublishGraphs _graphs = new();

    public void Dispose() => _graphs.Dispose();

    [Theory]
    [InlineData("kubernetes")]
    [InlineData("kserve")]
    [InlineData("manifest")]
    public void The_sample_graph_publishes_as_its_snapshot(string target) =>
        Snapshots.Match("sample", target, PublishGraphs.Publish(_graphs.Sample(), target));

    [Theory]
    [MemberData(nameof(PublishGraphs.Dialects), MemberType = typeof(PublishGraphs))]
    public void Each_seed_dialect_publishes_for_kubernetes_as_its_snapshot(string dialect) =>
        Snapshots.Match(dialect, "kubernetes", PublishGraphs.Publish(_graphs.Dialect(dialect), "kubernetes"));

    [Theory]
    [MemberData(nameof(PublishGraphs.Dialects), MemberType = typeof(PublishGraphs))]
    public void Each_seed_dialect_publishes_for_kserve_as_its_snapshot(string dialect) =>
        Snapshots.Match(dialect, "kserve", PublishGraphs.Publish(_graphs.Dialect(dialect), "kserve"));

    [Fact]
    public void Publishing_twice_gives_the_same_bytes_and_names_no_path_of_this_machine()
    {
        var first = PublishGraphs.Publish(_graphs.Sample(), "manifest");
        var second = PublishGraphs.Publish(_graphs.Sample(), "manifest");

        Assert.Equal(first.Files, second.Files);
        foreach (var target in new[] { "kubernetes", "kserve", "manifest" })
        {
            foreach (var (path, text) in PublishGraphs.Publish(_graphs.Sample(), target).Files)
            {
                Assert.DoesNotContain(RepositoryRoot.FullPath, text, StringComparison.Ordinal);
                Assert.DoesNotContain(Path.Combine(Path.GetTempPath(), "modelplane-"), text, StringComparison.Ordinal);
                Assert.False(text.Contains(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + "/", StringComparison.Ordinal), $"{target}/{path} names the home directory");
            }
        }
    }
}
