using System.Text.Json.Nodes;
using Modelplane.Transformer.Tests.Images;

namespace Modelplane.Transformer.Tests.Hosting;

/// <summary>
/// One real predictor and one transformer shared by the pipeline tests. The predictor serves a colour classifier,
/// identity models (so a test sees exactly the tensor the transformer made), a token echo and the sample iris model;
/// the transformer serves one pipeline per case, named after it.
/// </summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    /// <summary>The iris features in the model's order, and their statistics for standardization tests.</summary>
    public static readonly string[] IrisFeatures = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

    private readonly ModelRepository _repository = new();
    private readonly TemporaryDirectory _files = new("transformer-files");
    private PredictorHost? _predictor;
    private TransformerHost? _transformer;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The predictor's HTTP address, for a transformer started beside the fixture's.</summary>
    public Uri PredictorAddress => _predictor!.HttpAddress;

    /// <summary>The colour classifier's config.json, with its labels.</summary>
    public string ColoursConfig => _repository.Config("colours");

    /// <summary>The vocabulary the text pipelines tokenize with: [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, then the words.</summary>
    public static IReadOnlyList<string> Vocabulary { get; } = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "model", "##plane", "serves", "."];

    public async Task InitializeAsync()
    {
        _repository
            .Add("colours", TestModels.ColourClassifier(), $$"""{"labels": ["{{string.Join("\", \"", TestModels.Colours)}}"]}""")
            .Add("pixels", TestModels.Identity(4))
            .Add("rows", TestModels.Identity(2))
            .Add("tokens", TestModels.Tokens())
            .AddIris();
        File.WriteAllLines(_files.Combine("vocab.txt"), Vocabulary);
        File.WriteAllText(_files.Combine("statistics.json"), """{"sepal_length": {"mean": 5.0, "std": 2.0}, "petal_width": {"mean": 1.0, "std": 0.5}}""");

        _predictor = new PredictorHost(_repository.Root);
        await _predictor.StartAsync();
        _transformer = TransformerHost.ForModels(_predictor.HttpAddress.ToString(), Pipelines());
        Client = await _transformer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_transformer is not null)
        {
            await _transformer.DisposeAsync();
        }

        if (_predictor is not null)
        {
            await _predictor.DisposeAsync();
        }

        _repository.Dispose();
        _files.Dispose();
    }

    private JsonObject Pipelines()
    {
        JsonObject Step(string name, object? settings = null)
        {
            var step = settings is null ? new JsonObject() : (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(settings)!;
            step["Step"] = name;
            return step;
        }

        JsonObject Pipeline(string predictorModel, JsonObject[] request, JsonObject[]? response = null) => new()
        {
            ["PredictorModel"] = predictorModel,
            ["Request"] = new JsonArray([.. request]),
            ["Response"] = new JsonArray([.. response ?? []]),
        };

        var raw = new { Input = "x", Scale = 1 };
        return new JsonObject
        {
            // Images: a colour classifier behind decode, resize and tensor; the class named from its config.json.
            ["colour"] = Pipeline(
                "colours",
                [Step("image.decode"), Step("image.resize", new { Width = 8, Height = 8, Mode = "Stretch" }), Step("image.tensor", new { Input = "image" })],
                [Step("softmax", new { Output = "means" }), Step("top-k", new { Output = "means", K = 2, Labels = _repository.Config("colours") })]),
            ["colour-argmax"] = Pipeline(
                "colours",
                [Step("image.decode"), Step("image.resize", new { Width = 8, Height = 8, Mode = "Stretch" }), Step("image.tensor", new { Input = "image" })],
                [Step("argmax", new { Output = "means", Labels = _repository.Config("colours") })]),
            ["colour-threshold"] = Pipeline(
                "colours",
                [Step("image.decode"), Step("image.tensor", new { Input = "image" })],
                [Step("threshold", new { Output = "means", Threshold = 0.5, Above = "strong", Below = "weak" })]),

            // Images: the exact tensor, through identity models.
            ["nchw-rgb"] = Pipeline("pixels", [Step("image.decode"), Step("image.tensor", raw)]),
            ["nchw-bgr"] = Pipeline("pixels", [Step("image.decode"), Step("image.tensor", new { Input = "x", Scale = 1, ColorOrder = "Bgr" })]),
            ["nhwc-bgr"] = Pipeline("pixels", [Step("image.decode"), Step("image.tensor", new { Input = "x", Scale = 1, ColorOrder = "Bgr", Layout = "Nhwc" })]),
            ["normalized"] = Pipeline("pixels", [Step("image.decode"), Step("image.tensor", new { Input = "x", Mean = new JsonArray(0.485, 0.456, 0.406), Std = new JsonArray(0.229, 0.224, 0.225) })]),
            ["pad"] = Pipeline("pixels", [Step("image.decode"), Step("image.resize", new { Width = 4, Height = 4, Mode = "Pad", PadColor = "#000000" }), Step("image.tensor", raw)]),
            ["stretch"] = Pipeline("pixels", [Step("image.decode"), Step("image.resize", new { Width = 2, Height = 2, Mode = "Stretch" }), Step("image.tensor", raw)]),
            ["fit-height"] = Pipeline("pixels", [Step("image.decode"), Step("image.resize", new { Width = 16, Height = 4, Mode = "Height", PadColor = "#000000" }), Step("image.tensor", raw)]),
            ["crop"] = Pipeline("pixels", [Step("image.decode"), Step("image.crop", new { Width = 2, Height = 2, X = 2, Y = 0 }), Step("image.tensor", raw)]),
            ["center-crop"] = Pipeline("pixels", [Step("image.decode"), Step("image.crop", new { Width = 2, Height = 2 }), Step("image.tensor", raw)]),
            ["mismatch"] = Pipeline("rows", [Step("image.decode"), Step("image.tensor", raw)]),
            ["small-images"] = Pipeline("pixels", [Step("image.decode", new { MaxPixels = 1_000_000 }), Step("image.tensor", raw)]),

            // Tabular: named features to the iris model, and to an identity model to see the exact rows.
            ["iris"] = WithOutputs(Pipeline(
                "iris",
                [Step("table.read", new { Features = IrisFeatures }), Step("table.tensor", new { Input = "input" })],
                [Step("argmax", new { Output = "probabilities", Labels = _repository.Config("iris") })]), "probabilities"),
            ["iris-lenient"] = WithOutputs(Pipeline(
                "iris",
                [Step("table.read", new { Features = IrisFeatures, UnknownFeatures = "Ignore" }), Step("table.tensor", new { Input = "input" })],
                [Step("argmax", new { Output = "probabilities", Labels = _repository.Config("iris") })]), "probabilities"),
            ["table"] = Pipeline("rows", [
                Step("table.read", new { Features = new JsonArray("sepal_length", "colour", "petal_width"), Categorical = new JsonArray("colour") }),
                Step("table.missing", new { Policy = "Impute", Values = new Dictionary<string, string> { ["colour"] = "green" }, Statistics = _files.Combine("statistics.json") }),
                Step("table.one-hot", new { Feature = "colour", Categories = new JsonArray("red", "green", "blue") }),
                Step("table.standardize", new { Statistics = _files.Combine("statistics.json") }),
                Step("table.tensor", new { Input = "x" })]),
            ["table-strict"] = Pipeline("rows", [
                Step("table.read", new { Features = new JsonArray("sepal_length", "petal_width") }),
                Step("table.missing", new { Policy = "Reject" }),
                Step("table.tensor", new { Input = "x" })]),

            // Text: ids and mask through an echo model.
            ["text"] = Pipeline("tokens", [Step("text.tokenize", new { Vocabulary = _files.Combine("vocab.txt"), MaxLength = 8 })]),
            ["text-longest"] = Pipeline("tokens", [Step("text.tokenize", new { Vocabulary = _files.Combine("vocab.txt"), MaxLength = 8, Padding = "Longest", Truncate = true })]),
        };
    }

    private static JsonObject WithOutputs(JsonObject pipeline, params string[] outputs)
    {
        pipeline["PredictorOutputs"] = new JsonArray([.. outputs.Select(o => (JsonNode)o)]);
        return pipeline;
    }
}
