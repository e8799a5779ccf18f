using System.Text;
using Modelplane.Serving.Buffers;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.V1;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Tests.Protocol.V1;

/// <summary>KServe v1 <c>instances</c> and <c>inputs</c> become tensors typed by the model's inputs; outputs become <c>predictions</c>.</summary>
public sealed class V1JsonCodecTests
{
    private static readonly TensorMetadata[] Features = [new("input", TensorDataType.FP32, [-1, 4])];

    private static readonly TensorMetadata[] TwoInputs =
    [
        new("a", TensorDataType.FP32, [-1, 2]),
        new("b", TensorDataType.Int32, [-1]),
    ];

    [Fact]
    public void Instances_as_rows_of_lists_stack_into_a_batch()
    {
        var request = Read("""{"instances": [[5.1, 3.5, 1.4, 0.2], [6.2, 2.9, 4.3, 1.3]]}""", Features, ["label"]);

        var tensor = Assert.Single(request.Inputs);
        Assert.Equal("input", tensor.Name);
        Assert.Equal(TensorDataType.FP32, tensor.DataType);
        Assert.Equal([2, 4], tensor.Shape);
        Assert.Equal([5.1f, 3.5f, 1.4f, 0.2f, 6.2f, 2.9f, 4.3f, 1.3f], tensor.AsSpan<float>().ToArray());
        Assert.Equal(["label"], request.Outputs!.Select(o => o.Name));
        Assert.Null(request.Id);
    }

    [Fact]
    public void Scalar_instances_make_a_vector()
    {
        var request = Read("""{"instances": [1, 2, 3]}""", [new("x", TensorDataType.FP32, [-1])]);

        var tensor = Assert.Single(request.Inputs);
        Assert.Equal([3], tensor.Shape);
        Assert.Equal([1f, 2f, 3f], tensor.AsSpan<float>().ToArray());
        Assert.Null(request.Outputs);
    }

    [Fact]
    public void The_model_metadata_decides_the_datatype()
    {
        var integers = Read("""{"instances": [[1, -2], [3, 4]]}""", [new("x", TensorDataType.Int64, [-1, 2])]);
        var text = Read("""{"instances": ["a", {"b64": "AAE="}]}""", [new("x", TensorDataType.Bytes, [-1])]);

        Assert.Equal([1L, -2, 3, 4], integers.Inputs[0].AsSpan<long>().ToArray());
        Assert.Equal([2], text.Inputs[0].Shape);
        Assert.Equal(["61", "0001"], BytesElements.Enumerate(text.Inputs[0].Data).Select(e => Convert.ToHexString(e.Span)));
    }

    [Fact]
    public void Nested_instances_keep_their_inner_shape()
    {
        var request = Read("""{"instances": [[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[9, 10], [11, 12]]]}""", [new("x", TensorDataType.UInt8, [-1, 2, 2])]);

        Assert.Equal([3, 2, 2], request.Inputs[0].Shape);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (byte)i), request.Inputs[0].Data.ToArray());
    }

    [Fact]
    public void Named_instances_feed_several_inputs()
    {
        var request = Read("""{"instances": [{"a": [1, 2], "b": 3}, {"b": 6, "a": [4, 5]}]}""", TwoInputs);

        Assert.Equal(["a", "b"], request.Inputs.Select(i => i.Name));
        Assert.Equal([2, 2], request.Inputs[0].Shape);
        Assert.Equal([1f, 2f, 4f, 5f], request.Inputs[0].AsSpan<float>().ToArray());
        Assert.Equal(TensorDataType.Int32, request.Inputs[1].DataType);
        Assert.Equal([2], request.Inputs[1].Shape);
        Assert.Equal([3, 6], request.Inputs[1].AsSpan<int>().ToArray());
    }

    [Fact]
    public void Columnar_inputs_as_a_list_feed_the_single_input()
    {
        var request = Read("""{"inputs": [[5.1, 3.5, 1.4, 0.2]]}""", Features);

        Assert.Equal([1, 4], request.Inputs[0].Shape);
        Assert.Equal([5.1f, 3.5f, 1.4f, 0.2f], request.Inputs[0].AsSpan<float>().ToArray());
    }

    [Fact]
    public void Columnar_inputs_as_an_object_feed_each_input_by_name()
    {
        var request = Read("""{"inputs": {"b": [7, 8, 9], "a": [[1, 2], [3, 4], [5, 6]]}}""", TwoInputs);

        Assert.Equal(["a", "b"], request.Inputs.Select(i => i.Name));
        Assert.Equal([3, 2], request.Inputs[0].Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6], request.Inputs[0].AsSpan<float>().ToArray());
        Assert.Equal([7, 8, 9], request.Inputs[1].AsSpan<int>().ToArray());
    }

    public static TheoryData<string, string, string> BadRequests => new()
    {
        { "single", "", "request body is empty; expected a JSON object with 'instances' or 'inputs'" },
        { "single", "[[1, 2, 3, 4]]", "request body must be a JSON object with 'instances' or 'inputs'" },
        { "single", """{"instances": [[1, 2, 3, 4]""", "request body is not valid JSON: " },
        { "single", """{"instances": []}""", "'instances' is empty; send at least one row" },
        { "single", """{"instances": {"input": [1, 2, 3, 4]}}""", "'instances' must be a list with one entry per row" },
        { "single", """{"rows": [[1, 2, 3, 4]]}""", "request needs 'instances' (a list of rows) or 'inputs' (columns)" },
        { "single", """{"instances": [[1, 2, 3, 4], [1, 2, 3]]}""", "input 'input': instances[1] has 3 values, instances[0] has 4; every row needs the same number" },
        { "single", """{"instances": [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4, 5]]}""", "input 'input': instances[2] has 5 values, instances[0] has 4" },
        { "single", """{"instances": [[1, 2, 3, 4], 5]}""", "input 'input': instances[1] has 1 values, instances[0] has 4" },
        { "single", """{"instances": [[[1, 2], [3, 4]], [[1, 2, 3], [4]]]}""", "input 'input': instances[1] has shape [2,3], instances[0] has [2,2]" },
        { "single", """{"instances": [["wide", 3.5, 1.4, 0.2]]}""", "input 'input': instances[0][0] is a string; FP32 data must be numbers" },
        { "single", """{"instances": [[1, 2, 3, 4], [1, 2, 3, "NaN"]]}""", "input 'input': instances[1][3] is \"NaN\"; JSON cannot carry NaN or Infinity" },
        { "single", """{"inputs": []}""", "inputs must be a non-empty list with one entry per row" },
        { "single", """{"inputs": 4}""", "inputs must be a non-empty list with one entry per row" },
        { "two", """{"instances": [[1, 2], [3, 4]]}""", "the model has 2 inputs (a, b); each instance must be an object keyed by input name" },
        { "two", """{"instances": [{"a": [1, 2], "b": 3}, [4, 5]]}""", "instances[1] must be an object keyed by input name, like instances[0]" },
        { "two", """{"instances": [{"a": [1, 2], "b": 3}, {"a": [1, 2], "b": 3, "c": 4}]}""", "instances[1]: 'c' is not an input of the model (inputs: a, b)" },
        { "two", """{"instances": [{"a": [1, 2], "b": 3}, {"a": [1, 2]}]}""", "instances[1]: missing input 'b'" },
        { "two", """{"instances": [{"a": [1, 2], "b": 2.5}]}""", "= 2.5 is not an integer; INT32 data must be integers" },
        { "two", """{"inputs": [[1, 2]]}""", "the model has 2 inputs (a, b); 'inputs' must be an object keyed by input name" },
        { "two", """{"inputs": {"a": [[1, 2]], "b": [1], "z": [0]}}""", "inputs: 'z' is not an input of the model (inputs: a, b)" },
        { "two", """{"inputs": {"a": [[1, 2]]}}""", "inputs: missing input 'b'" },
        { "two", """{"inputs": {"a": [[1, 2]], "b": []}}""", "inputs.b must be a non-empty list with one entry per row" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Bad_requests_are_refused_with_a_message_naming_the_problem(string model, string json, string message)
    {
        var inputs = model == "two" ? TwoInputs : Features;

        var error = Assert.Throws<InferenceException>(() => Read(json, inputs));

        Assert.Equal(InferenceErrorKind.BadRequest, error.Kind);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_output_of_shape_N_gives_one_scalar_per_row()
    {
        var json = Write(InferenceTensor.FromValues<long>("label", TensorDataType.Int64, [2], [1, 1]));

        Assert.Equal("""{"predictions":[1,1]}""", json);
    }

    [Fact]
    public void One_output_of_shape_N_by_3_gives_one_list_per_row()
    {
        var json = Write(InferenceTensor.FromValues<float>("probabilities", TensorDataType.FP32, [2, 3], [0.1f, 0.7f, 0.2f, 0.5f, 0.25f, 0.25f]));

        Assert.Equal("""{"predictions":[[0.1,0.7,0.2],[0.5,0.25,0.25]]}""", json);
    }

    [Fact]
    public void Deeper_outputs_stay_nested()
    {
        var json = Write(InferenceTensor.FromValues<int>("grid", TensorDataType.Int32, [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]));

        Assert.Equal("""{"predictions":[[[1,2],[3,4]],[[5,6],[7,8]]]}""", json);
    }

    [Fact]
    public void Several_outputs_give_an_object_per_row()
    {
        var json = Write(
            InferenceTensor.FromValues<long>("label", TensorDataType.Int64, [2], [1, 2]),
            InferenceTensor.FromValues<float>("probabilities", TensorDataType.FP32, [2, 3], [0.1f, 0.7f, 0.2f, 0f, 0.5f, 0.5f]));

        Assert.Equal(
            """{"predictions":[{"label":1,"probabilities":[0.1,0.7,0.2]},{"label":2,"probabilities":[0,0.5,0.5]}]}""",
            json);
    }

    [Fact]
    public void Text_outputs_give_strings()
    {
        var json = Write(InferenceTensor.FromStrings("species", [3], ["setosa", "versicolor", "it's \"virginica\""]));

        Assert.Equal("""{"predictions":["setosa","versicolor","it's \"virginica\""]}""", json);
    }

    [Fact]
    public void Text_outputs_with_a_class_dimension_give_lists_of_strings()
    {
        var json = Write(InferenceTensor.FromStrings("top", [2, 2], ["0.7:1:versicolor", "0.2:2:virginica", "0.9:0:setosa", "0.1:1:versicolor"]));

        Assert.Equal("""{"predictions":[["0.7:1:versicolor","0.2:2:virginica"],["0.9:0:setosa","0.1:1:versicolor"]]}""", json);
    }

    [Fact]
    public void Boolean_and_scalar_outputs_are_written_as_values()
    {
        Assert.Equal("""{"predictions":[true,false]}""", Write(new InferenceTensor("anomaly", TensorDataType.Bool, [2], new byte[] { 1, 0 })));
        Assert.Equal("""{"predictions":[7]}""", Write(InferenceTensor.FromValues<int>("count", TensorDataType.Int32, [], [7])));
    }

    private static InferenceRequest Read(string json, IReadOnlyList<TensorMetadata> inputs, IReadOnlyList<string>? outputs = null) =>
        V1JsonCodec.ReadRequest(Encoding.UTF8.GetBytes(json), inputs, outputs);

    private static string Write(params InferenceTensor[] outputs)
    {
        using var buffer = new PooledBufferWriter();
        V1JsonCodec.WriteResponse(buffer, new InferenceResponse { ModelName = "m", Outputs = outputs });
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
