using System.Net;

namespace Modelplane.Predictor.Tests;

/// <summary>
/// Bad input, one row per case: the exact status and the part of the message that says what is wrong and where.
/// After each, the server still answers a good request.
/// </summary>
public sealed class BadRequestTests(PredictorFixture fixture) : IClassFixture<PredictorFixture>
{
    private const string Infer = "/v2/models/iris/infer";
    private const string Predict = "/v1/models/iris:predict";

    private readonly HttpClient _client = fixture.Client;

    public static TheoryData<string, string, string, int, string> Cases => new()
    {
        { "malformed JSON", Infer, """{"inputs": [{"name": "input",""", 400, "request body is not valid JSON" },
        { "empty body", Infer, "", 400, "request body is empty; expected a JSON object with 'inputs'" },
        { "not an object", Infer, "[1, 2, 3]", 400, "request body must be a JSON object with 'inputs'" },
        { "no inputs", Infer, """{"id": "x"}""", 400, "request has no 'inputs'" },
        { "unknown model", "/v2/models/tulip/infer", V2([1, 4], "5.1, 3.5, 1.4, 0.2"), 404, "model 'tulip' is not served here (models: garbage, iris, misconfigured, truncated)" },
        { "unknown version", "/v2/models/iris/versions/7/infer", V2([1, 4], "5.1, 3.5, 1.4, 0.2"), 404, "model 'iris' has no version '7' (versions: 1, 2)" },
        { "missing input", Infer, """{"inputs": []}""", 400, "input 'input' (FP32 [-1,4]) is required by model 'iris' but missing from the request" },
        { "unknown input", Infer, """{"inputs": [{"name": "petals", "datatype": "FP32", "shape": [1], "data": [1]}]}""", 400, "input 'petals' is not an input of model 'iris' (inputs: input)" },
        { "wrong datatype", Infer, V2([1, 4], "5, 3, 1, 0", "INT32"), 400, "input 'input': datatype INT32 does not match the model's FP32" },
        { "unknown datatype", Infer, V2([1, 4], "5, 3, 1, 0", "FLOAT32"), 400, "input 'input': unknown datatype 'FLOAT32' (expected one of BOOL, UINT8," },
        { "data shorter than shape", Infer, V2([2, 4], "5.1, 3.5, 1.4, 0.2, 4.9, 3.0, 1.4"), 400, "input 'input': shape [2,4] needs 8 values, got 7" },
        { "data longer than shape", Infer, V2([1, 4], "5.1, 3.5, 1.4, 0.2, 4.9"), 400, "input 'input': shape [1,4] needs 4 values, got 5" },
        { "three values per row", Infer, V2([2, 3], "5.1, 3.5, 1.4, 4.9, 3.0, 1.4"), 400, "input 'input': expected 4 values per row, got 3" },
        { "wrong rank", Infer, V2([4], "5.1, 3.5, 1.4, 0.2"), 400, "input 'input': shape [4] has 1 dimensions, the model expects 2 ([-1,4])" },
        { "negative shape", Infer, V2([-1, 4], "5.1, 3.5, 1.4, 0.2"), 400, "input 'input': shape [-1,4] has a negative dimension" },
        { "absurd shape", Infer, V2([100_000_000, 4], "5.1, 3.5, 1.4, 0.2"), 400, "input 'input': shape [100000000,4] needs 400000000 values, got 4" },
        { "overflowing shape", Infer, V2([4_000_000_000_000, 4_000_000_000_000], "5.1"), 400, "input 'input': shape [4000000000000,4000000000000] is too large" },
        { "NaN literal", Infer, V2([1, 4], "5.1, NaN, 1.4, 0.2"), 400, "request body is not valid JSON: 'N' is an invalid start of a value" },
        { "NaN string", Infer, V2([1, 4], """5.1, "NaN", 1.4, 0.2"""), 400, "input 'input': data[1] is \"NaN\"; JSON cannot carry NaN or Infinity" },
        { "Infinity string", Infer, V2([1, 4], """5.1, 3.5, "-Infinity", 0.2"""), 400, "input 'input': data[2] is \"-Infinity\"; JSON cannot carry NaN or Infinity" },
        { "FP32 overflow", Infer, V2([1, 4], "5.1, 3.5, 1e39, 0.2"), 400, "input 'input': data[2] = 1e39 is out of range for FP32" },
        { "strings for FP32", Infer, V2([1, 4], "\"5.1\", 3.5, 1.4, 0.2"), 400, "input 'input': data[0] is a string; FP32 data must be numbers" },
        { "BYTES to an FP32 input", Infer, V2([1, 4], "\"a\", \"b\", \"c\", \"d\"", "BYTES"), 400, "input 'input': datatype BYTES does not match the model's FP32" },
        { "unknown output", Infer, """{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [5, 3, 1, 0]}], "outputs": [{"name": "logits"}]}""", 400, "output 'logits' is not an output of model 'iris' (outputs: label, probabilities)" },
        { "bad classification", Infer, """{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [5, 3, 1, 0]}], "outputs": [{"name": "probabilities", "parameters": {"classification": "two"}}]}""", 400, "output 'probabilities': parameter 'classification' must be a positive integer" },
        { "v1 neither instances nor inputs", Predict, """{"rows": [[5.1, 3.5, 1.4, 0.2]]}""", 400, "request needs 'instances' (a list of rows) or 'inputs' (columns)" },
        { "v1 empty instances", Predict, """{"instances": []}""", 400, "'instances' is empty" },
        { "v1 ragged rows", Predict, """{"instances": [[5.1, 3.5, 1.4], [4.9, 3.0, 1.4, 0.2]]}""", 400, "input 'input': instances[1] has 4 values, instances[0] has 3" },
        { "v1 three features", Predict, """{"instances": [[5.1, 3.5, 1.4], [4.9, 3.0, 1.4]]}""", 400, "input 'input': expected 4 values per row, got 3" },
        { "v1 strings", Predict, """{"instances": [["wide", 3.5, 1.4, 0.2]]}""", 400, "input 'input': instances[0][0] is a string; FP32 data must be numbers" },
        { "v1 unknown model", "/v1/models/tulip:predict", """{"instances": [[5.1, 3.5, 1.4, 0.2]]}""", 404, "model 'tulip' is not served here" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_a_clear_error_and_the_server_keeps_serving(string name, string path, string body, int status, string message)
    {
        var response = await _client.PostJsonAsync(path, body);

        Assert.True((int)response.Status == status, $"{name}: expected {status}, got {(int)response.Status} {response.Body?.ToJsonString()}");
        Assert.Contains(message, response.Body.Error(), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_the_server_keeps_serving()
    {
        var rows = PredictorFixture.MaxRequestBodySize / 16;
        var data = string.Join(", ", Enumerable.Repeat("5.1, 3.5, 1.4, 0.2", rows));
        var (status, body) = await _client.PostJsonAsync(Infer, V2([rows, 4], data));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains($"is over the limit of {PredictorFixture.MaxRequestBodySize} bytes (Serving:MaxRequestBodySize)", body.Error(), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    private static string V2(long[] shape, string data, string datatype = "FP32") =>
        $$"""{"inputs": [{"name": "input", "datatype": "{{datatype}}", "shape": [{{string.Join(", ", shape)}}], "data": [{{data}}]}]}""";

    private async Task AssertStillServingAsync()
    {
        var (status, body) = await _client.PostJsonAsync(Predict, """{"instances": [[6.8, 2.8, 4.8, 1.4]]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"predictions":[1]}""", body!.ToJsonString());
    }
}
