using System.Net;
using System.Text;
using Modelplane.Explainer.Tests.Hosting;

namespace Modelplane.Explainer.Tests.Explanations;

/// <summary>
/// Occlusion on an image model built so that only one region matters (class 0 scores the region's sum, class 1 minus it):
/// the saliency map's maximum lies in that region, and nothing outside it matters.
/// </summary>
[Collection(SharedExplainers.Name)]
public sealed class ImageExplanationTests(ExplainerFixture fixture)
{
    private static readonly ImageRegion Region = ExplainerFixture.Region;

    [Fact]
    public async Task The_maximum_lies_in_the_region_that_decides_the_score_and_every_other_pixel_is_zero()
    {
        var answer = await fixture.Explainer.Client.PostAsync("/v1/models/image:explain", OnesImage());

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal("Occlusion", answer.Metadata["method"]!.GetValue<string>());
        Assert.Equal(2, answer.Metadata["patch_size"]!.GetValue<long>());
        Assert.Equal(64, answer.Metadata["patches"]!.GetValue<long>());
        var (sum, minusSum) = (answer.ImageAttributions(0)[0], answer.ImageAttributions(0)[1]);
        Assert.True(Region.Contains(ArgMax(sum).Y, ArgMax(sum).X), $"the maximum is at {ArgMax(sum)}");
        Assert.True(Region.Contains(ArgMax(Negate(minusSum)).Y, ArgMax(Negate(minusSum)).X), $"the minimum of class 1 is at {ArgMax(Negate(minusSum))}");
        for (var y = 0; y < ExplainerFixture.ImageSide; y++)
        {
            for (var x = 0; x < ExplainerFixture.ImageSide; x++)
            {
                // A 2 × 2 patch of ones inside the region takes 4 from the sum.
                Assert.Equal(Region.Contains(y, x) ? 4.0 : 0.0, sum[y][x], 1e-5);
            }
        }

        Assert.Equal([16.0, -16.0], answer.OutputValues(0));
        Assert.Null(answer.Explanations[0]!["base_values"]);
    }

    [Fact]
    public async Task Overlapping_patches_that_end_at_the_edge_still_put_the_maximum_in_the_region()
    {
        var answer = await fixture.Explainer.Client.PostAsync("/v1/models/image-coarse:explain", OnesImage());

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal(3, answer.Metadata["patch_size"]!.GetValue<long>());
        Assert.Equal(2, answer.Metadata["stride"]!.GetValue<long>());

        // Starts 0, 2, ..., 12 and then 13, so the last patch ends at the edge: 8 × 8 positions.
        Assert.Equal(64, answer.Metadata["patches"]!.GetValue<long>());
        var sum = answer.ImageAttributions(0)[0];
        var (y, x) = ArgMax(sum);
        Assert.True(Region.Contains(y, x), $"the maximum is at ({y}, {x})");
        Assert.All(sum.SelectMany(row => row), value => Assert.True(double.IsFinite(value) && value >= 0));
        Assert.Equal(0.0, sum[0][15]);
        Assert.Equal(0.0, sum[15][15]);
    }

    [Fact]
    public async Task Occluded_images_go_to_the_predictor_in_batches_of_the_byte_limit_with_the_same_answer()
    {
        var whole = await fixture.Explainer.Client.PostAsync("/v1/models/image:explain", OnesImage());
        var batched = await fixture.Batched.Client.PostAsync("/v1/models/image:explain", OnesImage());

        Assert.True(batched.Status == HttpStatusCode.OK, batched.Text);

        // The prediction, then 65 images (the image and 64 occluded) in calls of 10 images of 1 KiB.
        Assert.Equal(2, whole.Calls);
        Assert.Equal(1 + 7, batched.Calls);
        Assert.Equal(1 + 65, batched.Rows);
        Assert.Equal(whole.Explanations.ToJsonString(), batched.Explanations.ToJsonString());
    }

    /// <summary>The v1 request for one 1 × 16 × 16 image of ones.</summary>
    internal static string OnesImage()
    {
        var row = $"[{string.Join(", ", Enumerable.Repeat("1", ExplainerFixture.ImageSide))}]";
        var image = $"[[{string.Join(", ", Enumerable.Repeat(row, ExplainerFixture.ImageSide))}]]";
        return new StringBuilder("{\"instances\": [").Append(image).Append("]}").ToString();
    }

    private static (int Y, int X) ArgMax(double[][] map)
    {
        var best = (Y: 0, X: 0);
        for (var y = 0; y < map.Length; y++)
        {
            for (var x = 0; x < map[y].Length; x++)
            {
                if (map[y][x] > map[best.Y][best.X])
                {
                    best = (y, x);
                }
            }
        }

        return best;
    }

    private static double[][] Negate(double[][] map) => [.. map.Select(row => row.Select(v => -v).ToArray())];
}
