using Modelplane.Serving.Repository;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Tests.Repository;

/// <summary>A model's optional config.json: read when present, refused with a message naming the file and the problem when wrong.</summary>
public sealed class ModelConfigTests : IDisposable
{
    private readonly TemporaryDirectory _model = new();

    public void Dispose() => _model.Dispose();

    [Fact]
    public void Without_a_file_the_configuration_is_empty()
    {
        var config = ModelConfig.Load(_model.FullPath);

        Assert.Same(ModelConfig.Empty, config);
        Assert.Null(config.Labels);
        Assert.Null(config.Inputs);
        Assert.Null(config.PredictOutputs);
    }

    [Fact]
    public void A_valid_file_is_read()
    {
        Write("""
            {
              // Comments and trailing commas are allowed.
              "labels": ["setosa", "versicolor", "virginica"],
              "inputs": [
                {
                  "name": "input",
                  "datatype": "FP32",
                  "shape": [-1, 4],
                  "featureNames": ["sepal_length", "sepal_width", "petal_length", "petal_width"],
                },
              ],
              "outputs": [{"name": "probabilities", "shape": [-1, 3]}],
              "predictOutputs": ["label", "probabilities"]
            }
            """);

        var config = ModelConfig.Load(_model.FullPath);

        Assert.Equal(["setosa", "versicolor", "virginica"], config.Labels);
        var input = Assert.Single(config.Inputs!);
        Assert.Equal("input", input.Name);
        Assert.Equal(TensorDataType.FP32, input.Datatype);
        Assert.Equal([-1L, 4], input.Shape);
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], input.FeatureNames);
        var output = Assert.Single(config.Outputs!);
        Assert.Equal("probabilities", output.Name);
        Assert.Null(output.Datatype);
        Assert.Null(output.FeatureNames);
        Assert.Equal(["label", "probabilities"], config.PredictOutputs);
    }

    [Fact]
    public void The_written_form_reads_back_the_same()
    {
        Write("""{"labels": ["a", "b"], "inputs": [{"name": "x", "datatype": "INT64", "shape": [-1, 2], "featureNames": ["f", "g"]}], "predictOutputs": ["y"]}""");
        var config = ModelConfig.Load(_model.FullPath);

        var json = config.ToJson();
        Write(json);
        var again = ModelConfig.Load(_model.FullPath);

        Assert.EndsWith("}\n", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", json, StringComparison.Ordinal);
        Assert.Contains("\"datatype\": \"INT64\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("outputs\":", json, StringComparison.Ordinal);
        Assert.Equal(config.Labels, again.Labels);
        Assert.Equal(TensorDataType.Int64, again.Inputs![0].Datatype);
        Assert.Equal(config.Inputs![0].Shape, again.Inputs[0].Shape);
        Assert.Equal(config.Inputs[0].FeatureNames, again.Inputs[0].FeatureNames);
        Assert.Equal(config.PredictOutputs, again.PredictOutputs);
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { """{"labels": ["a", "b"], "lables": []}""", "'lables'" },
        { "{\n  \"inputs\": [{\"name\": \"x\", \"featurenames\": [\"a\"]}]\n}", "'featurenames'" },
        { "{\n  \"labels\": [\"a\",\n  \"b\"\n  \"c\"]\n}", "(line 4)" },
        { """{"inputs": [{"name": "x", "datatype": "FP33"}]}""", "unknown datatype 'FP33' (expected one of BOOL, UINT8" },
        { """{"inputs": [{"datatype": "FP32"}]}""", "missing required properties" },
        { """{"labels": "setosa"}""", "config.json (line 1): " },
        { "null", "config.json: the file holds null; expected an object" },
        { "", "config.json (line 1): " },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_file_is_refused_naming_the_file_and_the_problem(string text, string message)
    {
        Write(text);

        var error = Assert.Throws<InvalidDataException>(() => ModelConfig.Load(_model.FullPath));

        Assert.StartsWith("config.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(" Path:", error.Message, StringComparison.Ordinal);
    }

    private void Write(string text) => File.WriteAllText(_model.Combine(ModelConfig.FileName), text);
}
