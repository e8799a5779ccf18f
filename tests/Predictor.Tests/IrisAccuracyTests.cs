using System.Globalization;
using System.Net;
using System.Text;

namespace Modelplane.Predictor.Tests;

/// <summary>The served iris model classifies the data set it was trained on, through both protocols.</summary>
public sealed class IrisAccuracyTests(PredictorFixture fixture) : IClassFixture<PredictorFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task V2_infer_predicts_at_least_95_percent_of_the_data_set()
    {
        var features = IrisData.Features;
        var data = string.Join(",", features.SelectMany(row => row).Select(v => v.ToString(CultureInfo.InvariantCulture)));
        var request = $$"""{"inputs": [{"name": "input", "datatype": "FP32", "shape": [{{features.Length}}, 4], "data": [{{data}}]}], "outputs": [{"name": "label"}]}""";
        var (status, body) = await _client.PostJsonAsync("/v2/models/iris/infer", request);

        Assert.Equal(HttpStatusCode.OK, status);
        var labels = body!["outputs"]![0]!["data"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
        Assert.Equal(features.Length, labels.Length);
        Assert.True(Accuracy(labels) >= 0.95, $"accuracy {Accuracy(labels):P1}");
    }

    [Fact]
    public async Task V1_predict_one_row_per_request_predicts_at_least_95_percent_and_agrees_with_v2()
    {
        var features = IrisData.Features;
        var labels = new int[features.Length];
        for (var i = 0; i < features.Length; i++)
        {
            var row = string.Join(",", features[i].Select(v => v.ToString(CultureInfo.InvariantCulture)));
            var (status, body) = await _client.PostJsonAsync("/v1/models/iris:predict", $$"""{"instances": [[{{row}}]]}""");
            Assert.Equal(HttpStatusCode.OK, status);
            labels[i] = body!["predictions"]![0]!.GetValue<int>();
        }

        Assert.True(Accuracy(labels) >= 0.95, $"accuracy {Accuracy(labels):P1}");

        var all = new StringBuilder("{\"instances\": [");
        all.AppendJoin(",", features.Select(r => "[" + string.Join(",", r.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]"));
        var batch = await _client.PostJsonAsync("/v1/models/iris:predict", all.Append("]}").ToString());
        Assert.Equal(labels, batch.Body!["predictions"]!.AsArray().Select(v => v!.GetValue<int>()));
    }

    private static double Accuracy(int[] predicted) =>
        predicted.Zip(IrisData.Labels).Count(p => p.First == p.Second) / (double)predicted.Length;
}
