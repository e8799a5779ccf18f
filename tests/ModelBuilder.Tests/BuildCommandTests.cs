namespace Modelplane.ModelBuilder.Tests;

public sealed class BuildCommandTests
{
    [Fact]
    public void Builds_iris_into_the_output_directory_and_reports_accuracy_and_size()
    {
        using var directory = new TemporaryDirectory();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = BuildCommand.Run(["iris", "--output", directory.FullPath], output, error);

        Assert.Equal(0, exitCode);
        Assert.Equal("", error.ToString());
        var modelPath = Path.Combine(directory.FullPath, "iris", "1", "model.onnx");
        var committed = Path.Combine(RepositoryRoot.FullPath, "models", "iris", "1", "model.onnx");
        Assert.Equal(File.ReadAllBytes(committed), File.ReadAllBytes(modelPath));
        Assert.True(File.Exists(Path.Combine(directory.FullPath, "iris", "config.json")));
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(RepositoryRoot.FullPath, "models", "iris", "background.csv")),
            File.ReadAllBytes(Path.Combine(directory.FullPath, "iris", "background.csv")));
        Assert.Contains("iris: multinomial logistic regression, training accuracy ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"({new FileInfo(modelPath).Length} bytes)", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Builds_identity_into_the_output_directory_without_a_config()
    {
        using var directory = new TemporaryDirectory();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = BuildCommand.Run(["identity", "--output", directory.FullPath], output, error);

        Assert.Equal(0, exitCode);
        Assert.Equal("", error.ToString());
        var modelPath = Path.Combine(directory.FullPath, "identity", "1", "model.onnx");
        var committed = Path.Combine(RepositoryRoot.FullPath, "models", "identity", "1", "model.onnx");
        Assert.Equal(File.ReadAllBytes(committed), File.ReadAllBytes(modelPath));
        Assert.Equal([modelPath], Directory.GetFiles(directory.FullPath, "*", SearchOption.AllDirectories));
        Assert.Contains("identity: ONNX Identity on FP32 [batch, 3, 224, 224] (602,112 bytes per image)", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "Name the model to build.")]
    [InlineData(new[] { "bogus" }, "Unknown model 'bogus'.")]
    [InlineData(new[] { "iris", "--output" }, "--output needs a directory.")]
    [InlineData(new[] { "iris", "extra" }, "Unexpected argument 'extra'.")]
    [InlineData(new[] { "--verbose", "iris" }, "Unexpected argument '--verbose'.")]
    public void Bad_arguments_exit_2_with_the_problem_and_the_usage(string[] args, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = BuildCommand.Run(args, output, error);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output.ToString());
        Assert.StartsWith(message + Environment.NewLine + "Usage: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_prints_the_usage_and_the_known_models()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = BuildCommand.Run(["--help"], output, error);

        Assert.Equal(0, exitCode);
        Assert.Contains("Models: iris, identity", output.ToString(), StringComparison.Ordinal);
    }
}
