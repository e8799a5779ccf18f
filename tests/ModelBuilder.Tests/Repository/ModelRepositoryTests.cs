using Modelplane.ModelBuilder.Repository;
using Modelplane.Serving.Repository;

namespace Modelplane.ModelBuilder.Tests.Repository;

public sealed class ModelRepositoryTests
{
    [Fact]
    public void Write_lays_out_the_model_version_and_its_config()
    {
        using var directory = new TemporaryDirectory();
        var repository = new ModelRepository(directory.FullPath);
        var config = new ModelConfig { Labels = ["no", "yes"], Inputs = [new TensorConfig { Name = "x", FeatureNames = ["f1"] }] };

        var written = repository.Write(new BuiltModel("demo", 3, [1, 2, 3], config, "summary"));

        var modelPath = Path.Combine(directory.FullPath, "demo", "3", "model.onnx");
        var configPath = Path.Combine(directory.FullPath, "demo", "config.json");
        Assert.Equal([modelPath, configPath], written);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(modelPath));
        Assert.Equal(
            "{\n  \"labels\": [\n    \"no\",\n    \"yes\"\n  ],\n  \"inputs\": [\n    {\n      \"name\": \"x\",\n"
            + "      \"featureNames\": [\n        \"f1\"\n      ]\n    }\n  ]\n}\n",
            File.ReadAllText(configPath));
    }

    [Fact]
    public void Write_without_a_config_writes_only_the_model()
    {
        using var directory = new TemporaryDirectory();

        var written = new ModelRepository(directory.FullPath).Write(new BuiltModel("bare", 1, [0], null, "summary"));

        Assert.Equal([Path.Combine(directory.FullPath, "bare", "1", "model.onnx")], written);
        Assert.False(File.Exists(Path.Combine(directory.FullPath, "bare", "config.json")));
    }

    [Fact]
    public void Write_puts_background_data_beside_the_config()
    {
        using var directory = new TemporaryDirectory();

        var written = new ModelRepository(directory.FullPath).Write(new BuiltModel("demo", 1, [0], new ModelConfig { Labels = ["a"] }, "summary", "x\n1\n"));

        var backgroundPath = Path.Combine(directory.FullPath, "demo", "background.csv");
        Assert.Equal(backgroundPath, written[^1]);
        Assert.Equal(3, written.Count);
        Assert.Equal("x\n1\n", File.ReadAllText(backgroundPath));
    }

    [Fact]
    public void Config_leaves_out_absent_sections()
    {
        Assert.Equal("{\n  \"labels\": [\n    \"a\"\n  ]\n}\n", new ModelConfig { Labels = ["a"] }.ToJson());
    }

    [Fact]
    public void Source_root_is_found_above_the_build_output()
    {
        Assert.Equal(
            Path.Combine(RepositoryRoot.FullPath, "models"),
            ModelRepository.FindSourceRoot(AppContext.BaseDirectory));
    }

    [Fact]
    public void Source_root_is_null_outside_the_repository()
    {
        using var directory = new TemporaryDirectory();

        Assert.Null(ModelRepository.FindSourceRoot(directory.FullPath));
    }
}
