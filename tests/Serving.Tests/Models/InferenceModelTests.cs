using Modelplane.Serving.Errors;
using Modelplane.Serving.Models;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Tests.Models;

/// <summary>The model life cycle: loading, failing to load, readiness, and the operations a model does not offer.</summary>
public sealed class InferenceModelTests
{
    [Fact]
    public async Task A_model_that_loads_is_ready_with_its_metadata()
    {
        var model = new TestModel(labels: TestModel.IrisLabels);
        Assert.Equal(ModelState.Pending, model.State);

        await model.LoadAsync(CancellationToken.None);

        Assert.Equal(ModelState.Ready, model.State);
        Assert.True(model.IsReady);
        Assert.Null(model.FailureReason);
        Assert.Equal(["input"], model.Inputs.Select(i => i.Name));
        Assert.Equal(TestModel.IrisLabels, model.Labels);
        model.EnsureReady();
    }

    [Fact]
    public async Task The_first_output_answers_v1_by_default()
    {
        var model = await TestModel.LoadedAsync();

        Assert.Equal(["label"], model.V1Outputs);
    }

    [Fact]
    public async Task A_model_whose_loading_throws_is_failed_with_the_reason()
    {
        var model = await TestModel.FailedAsync("broken", "3", "model.onnx is not an ONNX model");

        Assert.Equal(ModelState.Failed, model.State);
        Assert.False(model.IsReady);
        Assert.Equal("model.onnx is not an ONNX model", model.FailureReason);
        Assert.IsType<InvalidDataException>(model.FailureException);
    }

    [Fact]
    public async Task A_failed_model_refuses_requests_with_a_503_naming_it_and_the_reason()
    {
        var model = await TestModel.FailedAsync("broken", "3", "model.onnx is not an ONNX model");

        var ensure = Assert.Throws<InferenceException>(model.EnsureReady);
        var infer = await Assert.ThrowsAsync<InferenceException>(async () => await model.InferAsync(new InferenceRequest { Inputs = [] }, CancellationToken.None));

        Assert.Equal(InferenceErrorKind.Unavailable, ensure.Kind);
        Assert.Equal(503, ensure.StatusCode);
        Assert.Equal("model 'broken' version 3 is not ready: it failed to load: model.onnx is not an ONNX model", ensure.Message);
        Assert.Equal(ensure.Message, infer.Message);
    }

    [Fact]
    public void A_model_not_loaded_yet_is_still_loading()
    {
        var model = new TestModel();

        var error = Assert.Throws<InferenceException>(model.EnsureReady);

        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        Assert.Equal("model 'iris' version 1 is not ready: it is still loading", error.Message);
    }

    [Fact]
    public async Task Cancelled_loading_is_not_a_failure()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var model = new TestModel(loadFailure: new OperationCanceledException(cancelled.Token));

        await Assert.ThrowsAsync<OperationCanceledException>(() => model.LoadAsync(cancelled.Token));

        Assert.Equal(ModelState.Loading, model.State);
        Assert.Null(model.FailureReason);
    }

    [Fact]
    public async Task Explain_is_501_unless_the_model_offers_it()
    {
        var model = await TestModel.LoadedAsync();
        var request = new InferenceRequest { Inputs = [InferenceTensor.FromValues<float>("input", TensorDataType.FP32, [1, 4], [1, 2, 3, 4])] };

        var error = await Assert.ThrowsAsync<InferenceException>(async () => await model.ExplainAsync(request, CancellationToken.None));

        Assert.Equal(InferenceErrorKind.NotImplemented, error.Kind);
        Assert.Equal(501, error.StatusCode);
        Assert.Contains("model 'iris' does not explain its predictions", error.Message, StringComparison.Ordinal);
    }
}
