using System.Net;
using Modelplane.Explainer.Tests.Hosting;

namespace Modelplane.Explainer.Tests.Http;

/// <summary>
/// What an explanation costs the predictor is in its metadata: one call for the predictions, then the perturbed rows in as
/// few calls as the batch limit allows. Exact Shapley values on iris score the 150 background rows once per request, and
/// per instance its own row and 150 rows for each of the 14 other coalitions.
/// </summary>
[Collection(SharedExplainers.Name)]
public sealed class CostTests(ExplainerFixture fixture)
{
    private static readonly double[] Flower = [6.8, 2.8, 4.8, 1.4];

    [Fact]
    public async Task One_instance_takes_the_prediction_and_one_batch_of_2251_rows()
    {
        var answer = await fixture.Explainer.Client.ExplainAsync("iris", [Flower]);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal(2, answer.Calls);
        Assert.Equal(1 + 150 + 1 + (14 * 150), answer.Rows);
        Assert.Equal(16, answer.Metadata["coalitions"]!.GetValue<long>());
    }

    [Fact]
    public async Task Instances_share_the_background_rows_and_the_calls()
    {
        var answer = await fixture.Explainer.Client.ExplainAsync("iris", [Flower, [5.1, 3.5, 1.4, 0.2]]);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);

        // 150 + 2 · 2101 = 4352 perturbed rows are two calls under the default limit of 4096 rows.
        Assert.Equal(1 + 2, answer.Calls);
        Assert.Equal(2 + 150 + (2 * (1 + (14 * 150))), answer.Rows);
    }

    [Fact]
    public async Task A_smaller_batch_limit_takes_more_calls_of_the_same_rows_and_gives_the_same_answer()
    {
        var whole = await fixture.Explainer.Client.ExplainAsync("iris", [Flower]);
        var batched = await fixture.Batched.Client.ExplainAsync("iris", [Flower]);

        Assert.True(batched.Status == HttpStatusCode.OK, batched.Text);

        // 2251 perturbed rows at 500 a call is 5 calls, after the one for the prediction.
        Assert.Equal(1 + 5, batched.Calls);
        Assert.Equal(whole.Rows, batched.Rows);
        Assert.Equal(whole.Explanations.ToJsonString(), batched.Explanations.ToJsonString());
    }
}
