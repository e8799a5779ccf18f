using System.Net;
using System.Text;

namespace Modelplane.Predictor.Tests;

/// <summary>The configured body limit, not the web server's 30 MB default, decides what is too large.</summary>
public sealed class LargeRequestTests
{
    [Fact]
    public async Task A_body_over_30_MB_but_under_the_configured_limit_is_served()
    {
        using var repository = new TestModelRepository().AddIris();
        await using var factory = new PredictorFactory(repository.Root);
        using var client = await factory.StartAsync();

        const int Rows = 2_100_000;
        var body = new StringBuilder("{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [").Append(Rows).Append(", 4], \"data\": [");
        for (var i = 0; i < Rows; i++)
        {
            body.Append(i == 0 ? "6.8,2.8,4.8,1.4" : ",6.8,2.8,4.8,1.4");
        }

        body.Append("]}], \"outputs\": [{\"name\": \"label\"}]}");
        Assert.True(body.Length > 30 * 1024 * 1024, "the body must exceed the web server's default limit");

        var (status, response) = await client.PostJsonAsync("/v2/models/iris/infer", body.ToString());

        Assert.Equal(HttpStatusCode.OK, status);
        var labels = response!["outputs"]![0]!["data"]!.AsArray();
        Assert.Equal(Rows, labels.Count);
        Assert.All(labels, label => Assert.Equal(1, label!.GetValue<int>()));
    }
}
