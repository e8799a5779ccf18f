using System.Text;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Models;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.V2;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Tests.Models;

/// <summary>Requests that do not fit the model's inputs and outputs are refused with a 400 before the model runs.</summary>
public sealed class RequestValidatorTests
{
    private const string Row = """{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [5.1, 3.5, 1.4, 0.2]}""";

    public static TheoryData<string, string> IrisCases => new()
    {
        { """{"inputs": []}""", "input 'input' (FP32 [-1,4]) is required by model 'iris' but missing from the request" },
        { $$"""{"inputs": [{{Row}}, {"name": "petals", "datatype": "FP32", "shape": [1], "data": [1]}]}""", "input 'petals' is not an input of model 'iris' (inputs: input)" },
        { $$$"""{"inputs": [{{{Row}}}, {{{Row}}}]}""", "input 'input' is given twice" },
        { """{"inputs": [{"name": "input", "datatype": "FP64", "shape": [1, 4], "data": [5.1, 3.5, 1.4, 0.2]}]}""", "input 'input': datatype FP64 does not match the model's FP32" },
        { """{"inputs": [{"name": "input", "datatype": "BYTES", "shape": [1, 4], "data": ["a", "b", "c", "d"]}]}""", "input 'input': datatype BYTES does not match the model's FP32" },
        { """{"inputs": [{"name": "input", "datatype": "FP32", "shape": [4], "data": [5.1, 3.5, 1.4, 0.2]}]}""", "input 'input': shape [4] has 1 dimensions, the model expects 2 ([-1,4])" },
        { """{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 1, 4], "data": [5.1, 3.5, 1.4, 0.2]}]}""", "input 'input': shape [1,1,4] has 3 dimensions, the model expects 2 ([-1,4])" },
        { """{"inputs": [{"name": "input", "datatype": "FP32", "shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]}]}""", "input 'input': expected 4 values per row, got 3" },
        { $$"""{"inputs": [{{Row}}], "outputs": [{"name": "logits"}]}""", "output 'logits' is not an output of model 'iris' (outputs: label, probabilities)" },
        { $$"""{"inputs": [{{Row}}], "outputs": [{"name": "label"}, {"name": "probabilities"}, {"name": "label"}]}""", "output 'label' is asked for twice" },
        { $$$"""{"inputs": [{{{Row}}}], "outputs": [{"name": "probabilities", "parameters": {"classification": 0}}]}""", "output 'probabilities': parameter 'classification' must be a positive integer, got 0" },
        { $$$"""{"inputs": [{{{Row}}}], "outputs": [{"name": "probabilities", "parameters": {"classification": -2}}]}""", "output 'probabilities': parameter 'classification' must be a positive integer, got -2" },
        { $$$"""{"inputs": [{{{Row}}}], "outputs": [{"name": "probabilities", "parameters": {"classification": 1.5}}]}""", "output 'probabilities': parameter 'classification' must be a positive integer, got 1.5" },
        { $$$"""{"inputs": [{{{Row}}}], "outputs": [{"name": "probabilities", "parameters": {"classification": "2"}}]}""", "output 'probabilities': parameter 'classification' must be a positive integer, got 2" },
        { $$$"""{"inputs": [{{{Row}}}], "outputs": [{"name": "probabilities", "parameters": {"classification": true}}]}""", "output 'probabilities': parameter 'classification' must be a positive integer, got True" },
        { $$$"""{"inputs": [{{{Row}}}], "outputs": [{"name": "probabilities", "parameters": {"classification": 4294967296}}]}""", "output 'probabilities': parameter 'classification' must be a positive integer" },
    };

    [Theory]
    [MemberData(nameof(IrisCases))]
    public async Task Requests_that_do_not_fit_the_model_are_refused_before_it_runs(string json, string message)
    {
        var model = await TestModel.LoadedAsync();

        var error = await Assert.ThrowsAsync<InferenceException>(async () => await model.InferAsync(Read(json), CancellationToken.None));

        Assert.Equal(InferenceErrorKind.BadRequest, error.Kind);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Null(model.LastRequest);
    }

    [Theory]
    [InlineData("[2, 3, 2]", "input 'pixels': dimension 1 is 3, the model expects 2 (shape [-1,2,2])")]
    [InlineData("[2, 2, 3]", "input 'pixels': dimension 2 is 3, the model expects 2 (shape [-1,2,2])")]
    public async Task A_wrong_fixed_dimension_of_a_deeper_input_is_named(string shape, string message)
    {
        var model = await TestModel.LoadedAsync("images", inputs: [new TensorMetadata("pixels", TensorDataType.UInt8, [-1, 2, 2])]);
        var json = $$"""{"inputs": [{"name": "pixels", "datatype": "UINT8", "shape": {{shape}}, "data": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}]}""";

        var error = await Assert.ThrowsAsync<InferenceException>(async () => await model.InferAsync(Read(json), CancellationToken.None));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_fits_reaches_the_model()
    {
        var model = await TestModel.LoadedAsync();

        var response = await model.InferAsync(
            Read("""{"id": "r1", "inputs": [{"name": "input", "datatype": "FP32", "shape": [3, 4], "data": [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]}]}"""),
            CancellationToken.None);

        Assert.NotNull(model.LastRequest);
        Assert.Equal("r1", response.Id);
        Assert.Equal(["label", "probabilities"], response.Outputs.Select(o => o.Name));
        Assert.Equal([1L, 1, 1], response.Outputs[0].AsSpan<long>().ToArray());
    }

    [Fact]
    public void CheckTensor_accepts_any_size_where_the_model_says_minus_one()
    {
        var expected = new TensorMetadata("x", TensorDataType.FP32, [-1, -1, 3]);

        RequestValidator.CheckTensor(InferenceTensor.FromValues<float>("x", TensorDataType.FP32, [0, 7, 3], []), expected);
        RequestValidator.CheckTensor(InferenceTensor.FromValues<float>("x", TensorDataType.FP32, [2, 1, 3], [1, 2, 3, 4, 5, 6]), expected);

        var error = Assert.Throws<InferenceException>(() =>
            RequestValidator.CheckTensor(InferenceTensor.FromValues<float>("x", TensorDataType.FP32, [1, 1, 2], [1, 2]), expected));
        Assert.Contains("input 'x': dimension 2 is 2, the model expects 3 (shape [-1,-1,3])", error.Message, StringComparison.Ordinal);
    }

    private static InferenceRequest Read(string json) => V2JsonCodec.ReadRequest(Encoding.UTF8.GetBytes(json));
}
