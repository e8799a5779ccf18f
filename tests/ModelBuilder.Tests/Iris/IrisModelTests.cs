using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Modelplane.ModelBuilder.Iris;
using Modelplane.ModelBuilder.Repository;
using Modelplane.ModelBuilder.Training;

namespace Modelplane.ModelBuilder.Tests.Iris;

public sealed class IrisModelTests
{
    private const string RebuildHint = "Rebuild with: dotnet run --project models/ModelBuilder -- iris";

    // Training takes about a second in Debug; the tests share one build.
    private static readonly Lazy<BuiltModel> Built = new(IrisModel.Build);

    [Fact]
    public void Data_has_the_150_rows_of_fishers_iris_50_per_species()
    {
        var data = IrisModel.LoadData();

        Assert.Equal(150, data.Count);
        Assert.Equal([50, 50, 50], data.Labels.GroupBy(label => label).OrderBy(group => group.Key).Select(group => group.Count()));
        Assert.Equal([5.1, 3.5, 1.4, 0.2], data.Features[0]);
    }

    [Fact]
    public void Model_has_the_contracted_signature()
    {
        using var session = new InferenceSession(Built.Value.Onnx);

        Assert.Equal(["input"], session.InputNames);
        var input = session.InputMetadata["input"];
        Assert.Equal(TensorElementType.Float, input.ElementDataType);
        Assert.Equal([-1, 4], input.Dimensions);
        Assert.Equal(["batch", ""], input.SymbolicDimensions);

        Assert.Equal(["label", "probabilities"], session.OutputNames);
        var label = session.OutputMetadata["label"];
        Assert.Equal(TensorElementType.Int64, label.ElementDataType);
        Assert.Equal([-1], label.Dimensions);
        Assert.Equal(["batch"], label.SymbolicDimensions);
        var probabilities = session.OutputMetadata["probabilities"];
        Assert.Equal(TensorElementType.Float, probabilities.ElementDataType);
        Assert.Equal([-1, 3], probabilities.Dimensions);
        Assert.Equal(["batch", ""], probabilities.SymbolicDimensions);
    }

    [Fact]
    public void Onnx_runtime_classifies_the_150_rows_like_the_trained_classifier()
    {
        var data = IrisModel.LoadData();
        var classifier = SoftmaxRegression.Train(data);
        var rows = data.Features.SelectMany(row => row.Select(value => (float)value)).ToArray();
        using var session = new InferenceSession(Built.Value.Onnx);
        using var input = OrtValue.CreateTensorValueFromMemory(rows, [data.Count, 4]);
        using var runOptions = new RunOptions();

        using var results = session.Run(runOptions, new Dictionary<string, OrtValue> { ["input"] = input }, session.OutputNames);

        var labels = results[0].GetTensorDataAsSpan<long>().ToArray();
        var probabilities = results[1].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal([data.Count], results[0].GetTensorTypeAndShape().Shape);
        Assert.Equal([data.Count, 3], results[1].GetTensorTypeAndShape().Shape);
        var correct = 0;
        for (var i = 0; i < data.Count; i++)
        {
            var row = probabilities.AsSpan(i * 3, 3);
            Assert.Equal(1.0, row[0] + row[1] + row[2], 1e-5);
            Assert.Equal(row.IndexOf(Max(row)), labels[i]);
            Assert.Equal(classifier.Predict(data.Features[i]), labels[i]);
            var expected = classifier.PredictProbabilities(data.Features[i]);
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(expected[k], row[k], 1e-5);
            }

            correct += labels[i] == data.Labels[i] ? 1 : 0;
        }

        var accuracy = correct / (double)data.Count;
        Assert.True(accuracy >= 0.95, $"ONNX Runtime accuracy on the 150 rows is {accuracy:P2}.");
    }

    [Fact]
    public void Building_twice_gives_identical_bytes()
    {
        Assert.Equal(Built.Value.Onnx, IrisModel.Build().Onnx);
    }

    [Fact]
    public void Committed_model_is_byte_identical_to_a_fresh_build()
    {
        var committed = File.ReadAllBytes(Path.Combine(RepositoryRoot.FullPath, "models", "iris", "1", "model.onnx"));

        Assert.True(committed.AsSpan().SequenceEqual(Built.Value.Onnx), $"models/iris/1/model.onnx differs from a fresh build. {RebuildHint}");
    }

    [Fact]
    public void Committed_config_is_the_contracted_json_and_matches_a_fresh_build()
    {
        const string expected = """
            {
              "labels": [
                "setosa",
                "versicolor",
                "virginica"
              ],
              "inputs": [
                {
                  "name": "input",
                  "featureNames": [
                    "sepal_length",
                    "sepal_width",
                    "petal_length",
                    "petal_width"
                  ]
                }
              ]
            }

            """;
        var committed = File.ReadAllText(Path.Combine(RepositoryRoot.FullPath, "models", "iris", "config.json"));

        Assert.Equal(expected.ReplaceLineEndings("\n"), Built.Value.Config!.ToJson());
        Assert.True(committed == Built.Value.Config.ToJson(), $"models/iris/config.json differs from a fresh build. {RebuildHint}");
    }

    [Fact]
    public void Committed_background_is_the_150_training_rows_and_matches_a_fresh_build()
    {
        var committed = File.ReadAllText(Path.Combine(RepositoryRoot.FullPath, "models", "iris", "background.csv"));
        var lines = committed.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("sepal_length,sepal_width,petal_length,petal_width", lines[0]);
        Assert.Equal(151, lines.Length);
        Assert.Equal("5.1,3.5,1.4,0.2", lines[1]);
        Assert.True(committed == Built.Value.Background, $"models/iris/background.csv differs from a fresh build. {RebuildHint}");
    }

    private static float Max(ReadOnlySpan<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var value in values)
        {
            max = Math.Max(max, value);
        }

        return max;
    }
}
