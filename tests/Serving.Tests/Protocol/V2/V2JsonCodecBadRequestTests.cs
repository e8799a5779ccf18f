using System.Text;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol.V2;

namespace Modelplane.Serving.Tests.Protocol.V2;

/// <summary>Bad v2 request bodies, one row each: the error kind and the part of the message that says what and where.</summary>
public sealed class V2JsonCodecBadRequestTests
{
    private const InferenceErrorKind BadRequest = InferenceErrorKind.BadRequest;

    public static TheoryData<string, InferenceErrorKind, string> Cases => new()
    {
        // The body as a whole.
        { """{"inputs": [{"name": "x",""", BadRequest, "request body is not valid JSON: " },
        { "{\n  \"inputs\": [}\n}", BadRequest, "'}' is an invalid start of a value (line 2, byte 14)" },
        { "", BadRequest, "request body is empty; expected a JSON object with 'inputs'" },
        { " \t\r\n ", BadRequest, "request body is empty; expected a JSON object with 'inputs'" },
        { "[1, 2]", BadRequest, "request body must be a JSON object with 'inputs'" },
        { "\"inputs\"", BadRequest, "request body must be a JSON object with 'inputs'" },
        { "null", BadRequest, "request body must be a JSON object with 'inputs'" },
        { """{"inputs": []} {"inputs": []}""", BadRequest, "request body has more after its JSON object (line 1, byte 16)" },
        { """{"inputs": []}]""", BadRequest, "request body has more after its JSON object (line 1, byte 15)" },
        { new string('[', 70) + new string(']', 70), BadRequest, "request body must be a JSON object" },
        { """{"inputs": [{"name": "x", "datatype": "FP32", "shape": [1], "data": """ + new string('[', 70) + "1" + new string(']', 70) + "}]}", BadRequest, "request body is not valid JSON: " },
        { "{}", BadRequest, "request has no 'inputs'" },
        { """{"inputs": {"name": "x"}}""", BadRequest, "'inputs' must be an array of tensors" },
        { """{"inputs": [5]}""", BadRequest, "inputs[0] must be an object with name, datatype, shape and data" },
        { """{"id": 7, "inputs": []}""", BadRequest, "'id' must be a string" },

        // Tensor properties.
        { """{"inputs": [{"datatype": "FP32", "shape": [1], "data": [1]}]}""", BadRequest, "inputs[0]: missing 'name'" },
        { """{"inputs": [{"name": 5, "datatype": "FP32", "shape": [1], "data": [1]}]}""", BadRequest, "inputs[0]: 'name' must be a string" },
        { """{"inputs": [{"name": "x", "shape": [1], "data": [1]}]}""", BadRequest, "input 'x': missing 'datatype'" },
        { """{"inputs": [{"name": "x", "datatype": "FP32", "data": [1]}]}""", BadRequest, "input 'x': missing 'shape'" },
        { """{"inputs": [{"name": "x", "datatype": "FP32", "shape": [1]}]}""", BadRequest, "input 'x': missing 'data'" },
        { Tensor("FP8", "[1]", "[1]"), BadRequest, "input 'x': unknown datatype 'FP8' (expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BF16, BYTES)" },
        { Tensor("fp32", "[1]", "[1]"), BadRequest, "input 'x': unknown datatype 'fp32'" },
        { Tensor("FP32", "[1.5]", "[1]"), BadRequest, "inputs[0]: 'shape' must be an array of integers" },
        { Tensor("FP32", "[\"1\"]", "[1]"), BadRequest, "inputs[0]: 'shape' must be an array of integers" },
        { Tensor("FP32", "1", "[1]"), BadRequest, "inputs[0]: 'shape' must be an array of integers" },
        { Tensor("FP32", "[9223372036854775808]", "[1]"), BadRequest, "inputs[0]: 'shape' must be an array of integers" },
        { Tensor("FP32", "[-1, 4]", "[1, 2, 3, 4]"), BadRequest, "input 'x': shape [-1,4] has a negative dimension; a request's shapes must be concrete" },
        { Tensor("FP32", "[4294967296, 4294967296, 4294967296]", "[1]"), BadRequest, "input 'x': shape [4294967296,4294967296,4294967296] is too large: its element count overflows" },
        { Tensor("FP32", "[2, 2]", "[1, 2, 3]"), BadRequest, "input 'x': shape [2,2] needs 4 values, got 3" },
        { Tensor("FP32", "[2]", "[[1, 2], [3]]"), BadRequest, "input 'x': shape [2] needs 2 values, got 3" },
        { Tensor("FP32", "[0]", "[1]"), BadRequest, "input 'x': shape [0] needs 0 values, got 1" },
        { """{"inputs": [{"name": "x", "datatype": "FP32", "shape": [1], "data": [1], "parameters": {"p": {"a": 1}}}]}""", BadRequest, "inputs[0]: parameter 'p' must be a string, number or boolean" },

        // Values that do not fit the datatype, each naming the element.
        { Tensor("FP32", "[2]", "[1.5, \"2.5\"]"), BadRequest, "input 'x': data[1] is a string; FP32 data must be numbers" },
        { Tensor("FP32", "[1]", "[null]"), BadRequest, "input 'x': data[0] is null; FP32 data must be numbers" },
        { Tensor("FP32", "[1]", "[\"NaN\"]"), BadRequest, "input 'x': data[0] is \"NaN\"; JSON cannot carry NaN or Infinity, so FP32 data must be finite numbers" },
        { Tensor("FP64", "[1]", "[\"Infinity\"]"), BadRequest, "input 'x': data[0] is \"Infinity\"; JSON cannot carry NaN or Infinity" },
        { Tensor("FP16", "[1]", "[\"-Infinity\"]"), BadRequest, "input 'x': data[0] is \"-Infinity\"; JSON cannot carry NaN or Infinity" },
        { Tensor("BF16", "[1]", "[\"nan\"]"), BadRequest, "input 'x': data[0] is \"nan\"; JSON cannot carry NaN or Infinity" },
        { Tensor("FP32", "[4]", "[1, 2, 3, NaN]"), BadRequest, "request body is not valid JSON: 'N' is an invalid start of a value" },
        { Tensor("UINT8", "[2]", "[255, 300]"), BadRequest, "input 'x': data[1] = 300 is out of range for UINT8" },
        { Tensor("UINT8", "[1]", "[-1]"), BadRequest, "input 'x': data[0] = -1 is out of range for UINT8" },
        { Tensor("UINT16", "[1]", "[65536]"), BadRequest, "input 'x': data[0] = 65536 is out of range for UINT16" },
        { Tensor("UINT32", "[1]", "[-1]"), BadRequest, "input 'x': data[0] = -1 is out of range for UINT32" },
        { Tensor("UINT32", "[1]", "[4294967296]"), BadRequest, "input 'x': data[0] = 4294967296 is out of range for UINT32" },
        { Tensor("UINT64", "[1]", "[-1]"), BadRequest, "input 'x': data[0] = -1 is out of range for UINT64" },
        { Tensor("UINT64", "[1]", "[18446744073709551616]"), BadRequest, "input 'x': data[0] = 18446744073709551616 is out of range for UINT64" },
        { Tensor("INT8", "[1]", "[-129]"), BadRequest, "input 'x': data[0] = -129 is out of range for INT8" },
        { Tensor("INT16", "[1]", "[32768]"), BadRequest, "input 'x': data[0] = 32768 is out of range for INT16" },
        { Tensor("INT32", "[1]", "[2147483648]"), BadRequest, "input 'x': data[0] = 2147483648 is out of range for INT32" },
        { Tensor("INT64", "[1]", "[9223372036854775808]"), BadRequest, "input 'x': data[0] = 9223372036854775808 is out of range for INT64" },
        { Tensor("INT64", "[1]", "[-9223372036854775809]"), BadRequest, "input 'x': data[0] = -9223372036854775809 is out of range for INT64" },
        { Tensor("INT32", "[3]", "[1, 2, 2.5]"), BadRequest, "input 'x': data[2] = 2.5 is not an integer; INT32 data must be integers" },
        { Tensor("INT64", "[1]", "[\"7\"]"), BadRequest, "input 'x': data[0] is a string; INT64 data must be integers" },
        { Tensor("FP32", "[1]", "[1e39]"), BadRequest, "input 'x': data[0] = 1e39 is out of range for FP32" },
        { Tensor("FP64", "[1]", "[1e309]"), BadRequest, "input 'x': data[0] = 1e309 is out of range for FP64" },
        { Tensor("FP16", "[1]", "[70000]"), BadRequest, "input 'x': data[0] = 70000 is out of range for FP16" },
        { Tensor("FP16", "[1]", "[-65520]"), BadRequest, "input 'x': data[0] = -65520 is out of range for FP16" },
        { Tensor("BF16", "[1]", "[3.4e38]"), BadRequest, "input 'x': data[0] = 3.4e38 is out of range for BF16" },
        { Tensor("BF16", "[1]", "[1e39]"), BadRequest, "input 'x': data[0] = 1e39 is out of range for BF16" },
        { Tensor("BOOL", "[2]", "[true, 1]"), BadRequest, "input 'x': data[1] is a number; BOOL data must be true or false" },
        { Tensor("BOOL", "[1]", "[\"true\"]"), BadRequest, "input 'x': data[0] is a string; BOOL data must be true or false" },
        { Tensor("BYTES", "[1]", "[5]"), BadRequest, "input 'x': data[0] is a number; BYTES data must be strings or {\"b64\": ...} objects" },
        { Tensor("BYTES", "[1]", "[{\"b64\": \"not base64!\"}]"), BadRequest, "input 'x': data[0].b64 is not valid base64" },
        { Tensor("BYTES", "[1]", "[{\"b64\": 5}]"), BadRequest, "input 'x': data[0].b64 is not valid base64" },
        { Tensor("BYTES", "[1]", "[{\"hex\": \"00\"}]"), BadRequest, "input 'x': data[0] is an object; BYTES objects must be {\"b64\": \"<base64>\"}" },
        { Tensor("BYTES", "[1]", "[{\"b64\": \"AA==\", \"more\": 1}]"), BadRequest, "input 'x': data[0] has more than a 'b64' property" },
        { Tensor("FP32", "[2, 2]", "[[1, 2], [3, \"x\"]]"), BadRequest, "input 'x': data[3] is a string; FP32 data must be numbers" },

        // Parameters and requested outputs.
        { """{"parameters": {"p": {"nested": true}}, "inputs": []}""", BadRequest, "request: parameter 'p' must be a string, number or boolean" },
        { """{"parameters": {"p": [1, 2]}, "inputs": []}""", BadRequest, "request: parameter 'p' must be a string, number or boolean" },
        { """{"parameters": {"p": null}, "inputs": []}""", BadRequest, "request: parameter 'p' must be a string, number or boolean" },
        { """{"parameters": [], "inputs": []}""", BadRequest, "request: 'parameters' must be an object" },
        { """{"parameters": {"p": 1e400}, "inputs": []}""", BadRequest, "request: parameter 'p'" },
        { """{"inputs": [], "outputs": {"name": "y"}}""", BadRequest, "'outputs' must be an array of {\"name\": ...} objects" },
        { """{"inputs": [], "outputs": ["y"]}""", BadRequest, "outputs[0] must be an object with a 'name'" },
        { """{"inputs": [], "outputs": [{"name": "y"}, {"parameters": {}}]}""", BadRequest, "outputs[1]: missing 'name'" },
        { """{"inputs": [], "outputs": [{"name": "y", "parameters": {"classification": {"k": 2}}}]}""", BadRequest, "outputs[0]: parameter 'classification' must be a string, number or boolean" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_request_bodies_are_refused_with_a_message_naming_the_problem(string json, InferenceErrorKind kind, string message)
    {
        var error = Assert.Throws<InferenceException>(() => V2JsonCodec.ReadRequest(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static string Tensor(string datatype, string shape, string data) =>
        $$"""{"inputs": [{"name": "x", "datatype": "{{datatype}}", "shape": {{shape}}, "data": {{data}}}]}""";
}
