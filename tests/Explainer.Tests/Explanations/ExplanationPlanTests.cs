using Modelplane.Explainer.Background;
using Modelplane.Explainer.Configuration;
using Modelplane.Explainer.Explanations;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Repository;
using Modelplane.Serving.Tensors;

namespace Modelplane.Explainer.Tests.Explanations;

/// <summary>How a model is explained, settled from the predictor's metadata and the settings; what cannot be explained is a 501 saying what to change.</summary>
public sealed class ExplanationPlanTests
{
    private static readonly TensorMetadata Features = new("x", TensorDataType.FP32, [-1, 4]);
    private static readonly TensorMetadata Image = new("image", TensorDataType.FP32, [-1, 3, 32, 24]);
    private static readonly TensorMetadata Scores = new("scores", TensorDataType.FP32, [-1, 2]);
    private static readonly BackgroundData FourWide = new("background.csv", ["a", "b", "c", "d"], [[1, 2, 3, 4]]);

    [Fact]
    public void Scores_are_explained_rather_than_decisions()
    {
        var plan = Resolve([Features], [new("label", TensorDataType.Int64, [-1]), new("probabilities", TensorDataType.FP32, [-1, 3])], new());

        Assert.Equal("probabilities", plan.Output);
        Assert.Equal(3, plan.Classes);
        Assert.Equal(ExplanationMethod.Exact, plan.Method);
        Assert.Equal(["a", "b", "c", "d"], plan.FeatureNames);
    }

    [Fact]
    public void Images_are_occluded_with_a_patch_an_eighth_of_the_shorter_side()
    {
        var nchw = Resolve([Image], [Scores], new());
        var nhwc = Resolve([new TensorMetadata("image", TensorDataType.UInt8, [-1, 32, 24, 3])], [Scores], new() { Layout = ImageLayout.Nhwc });

        Assert.Equal(ExplanationMethod.Occlusion, nchw.Method);
        Assert.Equal((3, 32, 24), (nchw.Image!.Channels, nchw.Image.Height, nchw.Image.Width));
        Assert.Equal(3, nchw.PatchSize);
        Assert.Equal(3, nchw.Stride);
        Assert.Equal((3, 32, 24), (nhwc.Image!.Channels, nhwc.Image.Height, nhwc.Image.Width));
        Assert.Equal(((5 * 24) + 7) * 3 + 2, nhwc.Image.Index(2, 5, 7));
    }

    public static TheoryData<string, TensorMetadata[], TensorMetadata[], ExplanationOptions, string> Refusals { get; } = new()
    {
        {
            "two inputs", [Features, Image], [Scores], new(),
            "model 'm' has 2 inputs (x, image); the explainer explains models of one input"
        },
        {
            "no batch dimension", [new("x", TensorDataType.FP32, [1, 4])], [Scores], new(),
            "input 'x' of model 'm' has shape [1,4]; the explainer sends many rows per call, so it needs a first (batch) dimension of any size (-1) and a row after it"
        },
        {
            "a row of unknown length", [new("x", TensorDataType.FP32, [-1, -1])], [Scores], new(),
            "input 'x' of model 'm' has shape [-1,-1]; the explainer needs the sizes after the batch dimension: fix them in the model, or in config.json as \"inputs\": [{\"name\": \"x\", \"shape\": [-1, ...]}]"
        },
        {
            "text", [new("x", TensorDataType.Bytes, [-1, 1])], [Scores], new(),
            "input 'x' of model 'm' is BYTES; the explainer perturbs numbers"
        },
        {
            "no output of scores", [Features], [new("embedding", TensorDataType.FP32, [-1, 2, 8])], new(),
            "no output of model 'm' has one score per row ([-1]) or one per class ([-1, classes]) (outputs: embedding [-1,2,8]); name the output to explain in Explainer:Models:m:Output"
        },
        {
            "an output that is not there", [Features], [Scores], new() { Output = "logits" },
            "Explainer:Models:m:Output names 'logits', which is not an output of model 'm' (outputs: scores [-1,2])"
        },
        {
            "occlusion of rows of features", [Features], [Scores], new() { Method = ExplanationMethod.Occlusion },
            "model 'm' takes rows of 4 features; Occlusion explains images: use Exact, KernelShap or Auto in Explainer:Models:m:Method"
        },
        {
            "Shapley values of pixels", [Image], [Scores], new() { Method = ExplanationMethod.KernelShap },
            "model 'm' takes images (input 'image' [-1,3,32,24]); KernelShap explains rows of features: use Occlusion or Auto in Explainer:Models:m:Method"
        },
        {
            "a patch larger than the image", [Image], [Scores], new() { PatchSize = 25 },
            "Explainer:Models:m:PatchSize is 25, larger than the 32×24 images of model 'm'"
        },
        {
            "a stride that skips pixels", [Image], [Scores], new() { PatchSize = 4, Stride = 5 },
            "Explainer:Models:m:Stride is 5, more than the patch size 4, which would leave pixels never occluded"
        },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_model_that_cannot_be_explained_as_configured_is_a_501_saying_what_to_change(
        string problem, TensorMetadata[] inputs, TensorMetadata[] outputs, ExplanationOptions settings, string message)
    {
        var error = Assert.Throws<InferenceException>(() => Resolve(inputs, outputs, settings));

        Assert.True(error.Kind == InferenceErrorKind.NotImplemented, problem);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Background_rows_must_have_a_value_per_feature()
    {
        var error = Assert.Throws<InferenceException>(() => ExplanationPlan.Resolve(
            "m", "1", Metadata([Features], [Scores]), new(), ModelConfig.Empty, new BackgroundData("background.json", null, [[1, 2, 3]])));

        Assert.Equal("background.json has 3 values per row, but input 'x' of model 'm' takes 4 features", error.Message);
    }

    private static ExplanationPlan Resolve(TensorMetadata[] inputs, TensorMetadata[] outputs, ExplanationOptions settings) =>
        ExplanationPlan.Resolve("m", "1", Metadata(inputs, outputs), settings, ModelConfig.Empty, FourWide);

    private static ModelMetadata Metadata(TensorMetadata[] inputs, TensorMetadata[] outputs) =>
        new() { Name = "m", Platform = "onnxruntime_onnx", Inputs = inputs, Outputs = outputs };
}
