using System.Net;
using System.Text.Json.Nodes;
using Modelplane.Transformer.Tests.Hosting;
using Modelplane.Transformer.Tests.Images;
using SkiaSharp;

namespace Modelplane.Transformer.Tests;

/// <summary>
/// Bad input, one row per case: the exact status and the part of the message that says what is wrong and where.
/// After each, the transformer still answers a good request.
/// </summary>
public sealed class BadInputTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private readonly HttpClient _client = fixture.Client;

    public static TheoryData<string, string, string, int, string> Cases => new()
    {
        { "not an image", "/v1/models/colour:predict", Image("this is not a picture"u8.ToArray()), 400, "instances[0].image_bytes is not an image; send a JPEG, PNG or WebP file (21 bytes, starting 7468697320697320)" },
        { "a truncated JPEG", "/v1/models/colour:predict", Image(BrokenImages.TruncatedJpeg()), 400, "instances[0].image_bytes: the JPEG image is truncated" },
        { "a 20000×20000 image", "/v1/models/colour:predict", Image(BrokenImages.JpegClaiming(20_000, 20_000)), 413, "instances[0].image_bytes is 20000×20000 = 400000000 pixels, over the limit of 40000000 (MaxPixels of image.decode); refused before decoding" },
        { "an image over a configured limit", "/v1/models/small-images:predict", Image(TestImages.Solid(1001, 1000, SKColors.Red)), 413, "instances[0].image_bytes is 1001×1000 = 1001000 pixels, over the limit of 1000000" },
        { "a GIF", "/v1/models/colour:predict", Image(Gif), 400, "instances[0].image_bytes is a GIF image; send a JPEG, PNG or WebP file" },
        { "bad base64", "/v1/models/colour:predict", """{"instances": [{"image_bytes": {"b64": "not base64!"}}]}""", 400, "instances[0].image_bytes.b64 is not valid base64" },
        { "no image in an instance", "/v1/models/colour:predict", """{"instances": [{"picture": "abc"}]}""", 400, "instances[0].image_bytes is missing" },
        { "a number for an image", "/v1/models/colour:predict", """{"instances": [{"image_bytes": 42}]}""", 400, "instances[0].image_bytes must be {\"b64\": \"<base64>\"} or a base64 string, got a number" },
        { "images of two sizes", "/v1/models/nchw-rgb:predict", Images(TestImages.Solid(2, 1, SKColors.Red), TestImages.Solid(3, 1, SKColors.Red)), 400, "instances[1].image_bytes is 3×1 but instances[0].image_bytes is 2×1; images sent together must be one size" },
        { "no v2 image input", "/v2/models/colour/infer", """{"inputs": [{"name": "picture", "datatype": "BYTES", "shape": [1], "data": ["abc"]}]}""", 400, "input 'image_bytes' is missing; model 'colour' reads it (the request has: picture)" },
        { "a missing feature", "/v1/models/iris:predict", """{"instances": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4}]}""", 400, "instances[0].petal_width is missing; model 'iris' needs feature 'petal_width' in every row" },
        { "a null feature, rejected by policy", "/v1/models/table-strict:predict", """{"instances": [{"sepal_length": 5.1, "petal_width": 0.2}, {"sepal_length": null, "petal_width": 0.2}]}""", 400, "instances[1].sepal_length is missing; model 'table-strict' needs feature 'sepal_length' in every row" },
        { "an unknown feature", "/v1/models/iris:predict", """{"instances": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2, "colour": "blue"}]}""", 400, "instances[0]: 'colour' is not a feature of model 'iris' (features: sepal_length, sepal_width, petal_length, petal_width)" },
        { "a row of values, not named features", "/v1/models/iris:predict", """{"instances": [[5.1, 3.5, 1.4, 0.2]]}""", 400, "instances[0] must be an object of named features, such as {\"sepal_length\": 5.1}" },
        { "a feature that is not a number", "/v1/models/iris:predict", """{"instances": [{"sepal_length": "wide", "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}]}""", 400, "instances[0].sepal_length must be a number, got a string" },
        { "an unknown category", "/v1/models/table:predict", """{"instances": [{"sepal_length": 5.1, "colour": "purple", "petal_width": 0.2}]}""", 400, "instances[0].colour is 'purple', not a category of 'colour' (categories: red, green, blue)" },
        { "text over the maximum length", "/v1/models/text:predict", """{"instances": [{"text": "hello world hello world hello world hello"}]}""", 400, "instances[0].text is 9 tokens with [CLS] and [SEP], over the maximum of 8 (MaxLength of text.tokenize)" },
        { "a number for text", "/v1/models/text:predict", """{"instances": [{"text": 42}]}""", 400, "instances[0].text must be a string, got a number" },
        { "a body that is not JSON", "/v1/models/colour:predict", """{"instances": [""", 400, "request body is not valid JSON" },
        { "no instances", "/v1/models/colour:predict", """{"rows": []}""", 400, "request needs 'instances', a list with one entry per row" },
        { "empty instances", "/v1/models/colour:predict", """{"instances": []}""", 400, "'instances' must be a non-empty list with one entry per row" },
        { "an unknown model", "/v1/models/tulip:predict", """{"instances": [1]}""", 404, "model 'tulip' is not served here" },
        { "a tensor the predictor refuses", "/v1/models/mismatch:predict", Image(TestImages.Solid(4, 4, SKColors.Red)), 400, "the predictor refused the request for model 'rows': input 'x': shape [1,3,4,4] has 4 dimensions, the model expects 2" },
        { "v2 features of unequal rows", "/v2/models/iris/infer", """{"inputs": [{"name": "sepal_length", "datatype": "FP32", "shape": [1], "data": [1]}, {"name": "sepal_width", "datatype": "FP32", "shape": [2], "data": [1, 2]}]}""", 400, "input 'sepal_width' has 2 rows but input 'sepal_length' has 1" },
    };

    private static byte[] Gif => Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_a_clear_error_and_the_transformer_keeps_serving(string name, string path, string body, int status, string message)
    {
        var (actual, answer) = await _client.PostJsonAsync(path, body);

        Assert.True((int)actual == status, $"{name}: expected {status}, got {(int)actual} {answer?.ToJsonString()}");
        Assert.Contains(message, answer.Error(), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    private static string Image(byte[] file) => Images(file);

    private static string Images(params byte[][] files) => Requests.V1Images(files).ToJsonString();

    private async Task AssertStillServingAsync()
    {
        var (status, body) = await _client.PostJsonAsync("/v1/models/colour-argmax:predict", Requests.V1Images(TestImages.Solid(4, 4, SKColors.Red)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("red", body!["predictions"]![0]!["label"]!.GetValue<string>());
    }
}
