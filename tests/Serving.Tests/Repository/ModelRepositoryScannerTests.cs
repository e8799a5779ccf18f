using Microsoft.Extensions.Logging;
using Modelplane.Serving.Repository;

namespace Modelplane.Serving.Tests.Repository;

/// <summary>A Triton-style repository on disk: models are directories holding numbered version directories.</summary>
public sealed class ModelRepositoryScannerTests : IDisposable
{
    private readonly TemporaryDirectory _root = new();
    private readonly RecordingLogger _logger = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Only_positive_numbered_directories_are_versions_in_numeric_order()
    {
        foreach (var version in new[] { "2", "10", "1", "0", "-1", "latest", "v3", "1.5" })
        {
            Directory.CreateDirectory(_root.Combine("iris", version));
        }

        File.WriteAllText(_root.Combine("iris", "5"), "a file, not a version directory");

        var entries = Scan();

        Assert.Equal(["1", "2", "10"], entries.Select(e => e.Version));
        Assert.All(entries, e => Assert.Equal("iris", e.Name));
        Assert.All(entries, e => Assert.Equal(_root.Combine("iris"), e.ModelDirectory));
        Assert.Equal([_root.Combine("iris", "1"), _root.Combine("iris", "2"), _root.Combine("iris", "10")], entries.Select(e => e.VersionDirectory));
    }

    [Fact]
    public void A_version_is_named_by_digits_alone_so_one_number_is_never_two_versions()
    {
        foreach (var version in new[] { "1", "01", "+1" })
        {
            Directory.CreateDirectory(_root.Combine("iris", version));
        }

        var entry = Assert.Single(Scan());

        Assert.Equal("1", entry.Version);
        Assert.Equal(_root.Combine("iris", "1"), entry.VersionDirectory);
    }

    [Fact]
    public void Directories_without_versions_are_passed_over()
    {
        Directory.CreateDirectory(_root.Combine("iris", "1"));
        Directory.CreateDirectory(_root.Combine("src", "lib"));
        Directory.CreateDirectory(_root.Combine("data"));
        File.WriteAllText(_root.Combine("data", "iris.csv"), "sepal_length\n");
        File.WriteAllText(_root.Combine("README.md"), "# models\n");

        Assert.Equal(["iris"], Scan().Select(e => e.Name));
        Assert.Empty(_logger.Entries);
    }

    [Fact]
    public void A_model_directory_with_config_but_no_version_is_warned_about()
    {
        Directory.CreateDirectory(_root.Combine("adult"));
        File.WriteAllText(_root.Combine("adult", "config.json"), "{}");

        Assert.Empty(Scan());

        var (level, message) = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("model directory adult has config.json but no numbered version directory", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Models_with_names_a_URL_cannot_carry_are_skipped_with_a_warning()
    {
        foreach (var name in new[] { "bad name", ".hidden", "ïris", "ok-model_v1.2" })
        {
            Directory.CreateDirectory(_root.Combine(name, "1"));
        }

        Assert.Equal(["ok-model_v1.2"], Scan().Select(e => e.Name));
        Assert.Equal(3, _logger.Entries.Count(e => e.Level == LogLevel.Warning));
        Assert.Contains(_logger.Entries, e => e.Message.Contains("model directory bad name is not served", StringComparison.Ordinal));
        Assert.Contains(_logger.Entries, e => e.Message.Contains("model directory .hidden is not served", StringComparison.Ordinal));
    }

    [Fact]
    public void Models_are_ordered_by_name()
    {
        foreach (var name in new[] { "iris", "adult", "Zebra" })
        {
            Directory.CreateDirectory(_root.Combine(name, "1"));
        }

        Assert.Equal(["Zebra", "adult", "iris"], Scan().Select(e => e.Name));
    }

    [Theory]
    [InlineData("iris", true)]
    [InlineData("resnet-50_v1.5", true)]
    [InlineData("A9", true)]
    [InlineData("", false)]
    [InlineData(".iris", false)]
    [InlineData("iris model", false)]
    [InlineData("iris/1", false)]
    [InlineData("iris:predict", false)]
    [InlineData("café", false)]
    public void Names_are_letters_digits_dash_underscore_and_dot(string name, bool valid) =>
        Assert.Equal(valid, ModelRepositoryScanner.IsValidName(name));

    private IReadOnlyList<ModelVersionEntry> Scan() => ModelRepositoryScanner.Scan(_root.FullPath, _logger);
}
