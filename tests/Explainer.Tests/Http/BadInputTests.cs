using System.Net;
using Modelplane.Explainer.Tests.Hosting;

namespace Modelplane.Explainer.Tests.Http;

/// <summary>
/// Every request the explainer cannot answer gets the status that says why and a message naming what is wrong and
/// where, and the explainer goes on serving: 400 for instances that do not fit the model, 404 for a model it does not
/// serve, 501 for a model it cannot explain as configured (saying what to provide or change), 503 while the predictor is down.
/// </summary>
[Collection(SharedExplainers.Name)]
public sealed class BadInputTests(ExplainerFixture fixture)
{
    private const string Explainer = "explainer";
    private const string Orphan = "orphan";

    private static readonly string TwentyZeros = $"{{\"instances\": [[{string.Join(", ", Enumerable.Repeat("0", 20))}]]}}";

    public static TheoryData<string, string, string, string, HttpStatusCode, string> Cases { get; } = new()
    {
        {
            "an instance with the wrong feature count", Explainer, "/v1/models/iris:explain", """{"instances": [[6.8, 2.8, 4.8]]}""", HttpStatusCode.BadRequest,
            "model 'iris': input 'input': expected 4 values per row, got 3 (it takes 4 features per instance: sepal_length, sepal_width, petal_length, petal_width)"
        },
        {
            "instances of different lengths", Explainer, "/v1/models/iris:explain", """{"instances": [[6.8, 2.8, 4.8, 1.4], [6.8, 2.8, 4.8]]}""", HttpStatusCode.BadRequest,
            "input 'input': instances[1] has 3 values, instances[0] has 4; every row needs the same number"
        },
        {
            "a v2 input of the wrong shape", Explainer, "/v2/models/iris/explain",
            """{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 3], "data": [6.8, 2.8, 4.8]}]}""", HttpStatusCode.BadRequest,
            "model 'iris': input 'input': expected 4 values per row, got 3"
        },
        {
            "a v2 request without the model's input", Explainer, "/v2/models/iris/explain",
            """{"inputs": [{"name": "petals", "datatype": "FP32", "shape": [1, 4], "data": [6.8, 2.8, 4.8, 1.4]}]}""", HttpStatusCode.BadRequest,
            "input 'input' (FP32 [-1,4]) is required by model 'iris' but missing from the request"
        },
        {
            "an image of the wrong size", Explainer, "/v1/models/image:explain", """{"instances": [[[[1, 1], [1, 1]]]]}""", HttpStatusCode.BadRequest,
            "model 'image': input 'image': dimension 2 is 2, the model expects 16 (shape [-1,1,16,16]) (it takes images of shape [1,16,16])"
        },
        {
            "a body that is not JSON", Explainer, "/v1/models/iris:explain", "{\"instances\": [", HttpStatusCode.BadRequest,
            "request body is not valid JSON"
        },
        {
            "a body without instances", Explainer, "/v1/models/iris:explain", "{}", HttpStatusCode.BadRequest,
            "request needs 'instances' (a list of rows) or 'inputs' (columns)"
        },
        {
            "a model the explainer does not serve", Explainer, "/v1/models/tulip:explain", """{"instances": [[1, 2, 3, 4]]}""", HttpStatusCode.NotFound,
            "model 'tulip' is not served here (models: "
        },
        {
            "a model without background data", Explainer, "/v1/models/plain:explain", """{"instances": [[6.8, 2.8, 4.8, 1.4]]}""", HttpStatusCode.NotImplemented,
            "model 'plain' has no background data, which exact Shapley values need to stand in for absent features: put background.csv "
            + "(an optional header of the 4 feature names, then one row of 4 numbers per line) or background.json (an array of rows) beside config.json "
            + "in the model directory, or name such a file in Explainer:Models:plain:Background"
        },
        {
            "too many features for exact, with no fallback", Explainer, "/v1/models/wide-strict:explain", TwentyZeros, HttpStatusCode.NotImplemented,
            "model 'wide-strict' has 20 features: exact Shapley values would score 2^20 = 1,048,576 coalitions per instance, more than "
            + "Explainer:Models:wide-strict:MaxExactFeatures (14) allows, and ExactFallback is None; use KernelShap, raise MaxExactFeatures, or set ExactFallback to KernelShap"
        },
        {
            "a prediction asked of the explainer", Explainer, "/v1/models/iris:predict", """{"instances": [[6.8, 2.8, 4.8, 1.4]]}""", HttpStatusCode.NotImplemented,
            "the explainer of model 'iris' answers :explain; ask the predictor for predictions"
        },
        {
            "a predictor that is down", Orphan, "/v1/models/iris:explain", """{"instances": [[6.8, 2.8, 4.8, 1.4]]}""", HttpStatusCode.ServiceUnavailable,
            "is unreachable for the metadata of model 'iris' version 1: Connection refused"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Is_refused_with_a_status_and_a_message_that_says_what_is_wrong_and_the_explainer_keeps_serving(
        string problem, string server, string path, string body, HttpStatusCode status, string message)
    {
        var client = server == Orphan ? fixture.Orphan.Client : fixture.Explainer.Client;

        var answer = await client.PostAsync(path, body);

        Assert.True(answer.Status == status, $"{problem}: {answer.Status} {answer.Text}");
        Assert.Contains(message, answer.Error, StringComparison.Ordinal);
        if (server == Orphan)
        {
            Assert.StartsWith("the predictor at http://127.0.0.1:", answer.Error, StringComparison.Ordinal);
            using var ready = await client.GetAsync(new Uri("/v2/health/ready", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        else
        {
            var next = await client.ExplainAsync("iris", [[6.8, 2.8, 4.8, 1.4]]);
            Assert.True(next.Status == HttpStatusCode.OK, $"after {problem}: {next.Text}");
        }
    }
}
