using System.Net;
using System.Text.Json.Nodes;
using Modelplane.Transformer.Tests.Hosting;
using SkiaSharp;

namespace Modelplane.Transformer.Tests.Images;

/// <summary>
/// Image pre-processing checked number by number: the identity models hand back the exact tensor the transformer
/// sent, and a colour classifier shows the whole way through, labels from its config.json.
/// </summary>
public sealed class ImagePipelineTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static readonly SKColor A = new(10, 20, 30);
    private static readonly SKColor B = new(40, 50, 60);

    private readonly HttpClient _client = fixture.Client;

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public async Task A_v1_image_is_classified_by_colour_with_labels_from_the_models_config(SKEncodedImageFormat format)
    {
        var (status, body) = await _client.PostJsonAsync("/v1/models/colour:predict", Requests.V1Images(
            TestImages.Solid(20, 10, SKColors.Red, format),
            TestImages.Solid(7, 30, new SKColor(0, 0, 255), format)));

        Assert.Equal(HttpStatusCode.OK, status);
        var predictions = body!["predictions"]!.AsArray();
        Assert.Equal(["red", "green"], predictions[0]!["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal("blue", predictions[1]!["labels"]![0]!.GetValue<string>());

        // softmax over the channel means [1, 0, 0]: e / (e + 2).
        Assert.Equal(Math.E / (Math.E + 2), predictions[0]!["scores"]![0]!.GetValue<double>(), 2);
    }

    [Fact]
    public async Task A_v2_bytes_input_is_decoded_as_the_v1_form_is()
    {
        var (status, body) = await _client.PostJsonAsync("/v2/models/colour-argmax/infer", Requests.V2Images("image_bytes", TestImages.Solid(5, 5, SKColors.Lime)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["green"], body.Output("label").Strings());
        Assert.Equal([1.0], body.Output("score").Numbers());
    }

    [Fact]
    public async Task A_v2_bytes_element_may_be_base64_text_as_kserve_examples_send_it()
    {
        var request = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = "image_bytes",
                ["datatype"] = "BYTES",
                ["shape"] = new JsonArray(1),
                ["data"] = new JsonArray(Convert.ToBase64String(TestImages.Solid(5, 5, SKColors.Blue))),
            }),
        };

        var (status, body) = await _client.PostJsonAsync("/v2/models/colour-argmax/infer", request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["blue"], body.Output("label").Strings());
    }

    [Fact]
    public async Task A_binary_image_in_the_binary_tensor_extension_is_decoded()
    {
        var image = TestImages.Solid(5, 5, SKColors.Red, SKEncodedImageFormat.Jpeg);
        var header = $$$"""{"inputs": [{"name": "image_bytes", "datatype": "BYTES", "shape": [1], "parameters": {"binary_data_size": {{{image.Length + 4}}}}}]}""";
        var json = System.Text.Encoding.UTF8.GetBytes(header);
        var body = new byte[json.Length + 4 + image.Length];
        json.CopyTo(body, 0);
        BitConverter.TryWriteBytes(body.AsSpan(json.Length), image.Length);
        image.CopyTo(body, json.Length + 4);
        using var content = new ByteArrayContent(body);
        content.Headers.Add("Inference-Header-Content-Length", json.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var response = await _client.PostAsync(new Uri("/v2/models/colour-argmax/infer", UriKind.Relative), content);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["red"], answer.Output("label").Strings());
    }

    [Fact]
    public async Task Threshold_names_each_score_by_the_side_it_falls()
    {
        var (status, body) = await _client.PostJsonAsync("/v2/models/colour-threshold/infer", Requests.V2Images("image_bytes", TestImages.Solid(2, 2, new SKColor(255, 64, 200))));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["strong", "weak", "strong"], body.Output("label").Strings());
    }

    [Theory]
    [InlineData("nchw-rgb", new[] { 10.0, 40, 20, 50, 30, 60 }, new long[] { 1, 3, 1, 2 })]
    [InlineData("nchw-bgr", new[] { 30.0, 60, 20, 50, 10, 40 }, new long[] { 1, 3, 1, 2 })]
    [InlineData("nhwc-bgr", new[] { 30.0, 20, 10, 60, 50, 40 }, new long[] { 1, 1, 2, 3 })]
    public async Task Channels_come_in_the_configured_order_and_layout(string model, double[] expected, long[] shape)
    {
        var (status, body) = await _client.PostJsonAsync($"/v2/models/{model}/infer", Requests.V2Images("image_bytes", TestImages.Pixels(2, 1, A, B)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(shape, body.Output("y").Shape());
        Assert.Equal(expected, body.Output("y").Numbers());
    }

    [Fact]
    public async Task Values_are_scaled_then_normalized_by_mean_and_std()
    {
        var (_, body) = await _client.PostJsonAsync("/v2/models/normalized/infer", Requests.V2Images("image_bytes", TestImages.Pixels(1, 1, A)));

        var values = body.Output("y").Numbers();
        Assert.Equal((10 / 255.0 - 0.485) / 0.229, values[0], 5);
        Assert.Equal((20 / 255.0 - 0.456) / 0.224, values[1], 5);
        Assert.Equal((30 / 255.0 - 0.406) / 0.225, values[2], 5);
    }

    [Fact]
    public async Task Pad_keeps_the_aspect_ratio_and_fills_the_rest()
    {
        // A 4×2 white image fits a 4×4 box at its full width, centred, with a black band above and below.
        var (_, body) = await _client.PostJsonAsync("/v2/models/pad/infer", Requests.V2Images("image_bytes", TestImages.Solid(4, 2, SKColors.White)));

        var red = Plane(body.Output("y").Numbers(), 0, 16);
        Assert.Equal([0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 0], red);
    }

    [Fact]
    public async Task Stretch_changes_the_aspect_ratio()
    {
        // 4×2, red left half and blue right half, to 2×2: a red column and a blue column.
        var (_, body) = await _client.PostJsonAsync("/v2/models/stretch/infer", Requests.V2Images("image_bytes", TestImages.Halves(4, 2, SKColors.Red, SKColors.Blue)));

        var values = body.Output("y").Numbers();
        Assert.Equal([1L, 3, 2, 2], body.Output("y").Shape());
        Assert.Equal([255.0, 0, 255, 0], Plane(values, 0, 4));
        Assert.Equal([0.0, 255, 0, 255], Plane(values, 2, 4));
    }

    [Fact]
    public async Task Height_mode_scales_to_the_height_and_pads_on_the_right()
    {
        // 2×2 white to a height of 4: 4×4 of image, then 12 columns of padding, as text-line models expect.
        var (_, body) = await _client.PostJsonAsync("/v2/models/fit-height/infer", Requests.V2Images("image_bytes", TestImages.Solid(2, 2, SKColors.White)));

        var firstRow = Plane(body.Output("y").Numbers(), 0, 64)[..16];
        Assert.Equal([1L, 3, 4, 16], body.Output("y").Shape());
        Assert.Equal([.. Enumerable.Repeat(255.0, 4), .. Enumerable.Repeat(0.0, 12)], firstRow);
    }

    [Theory]
    [InlineData("crop", 0.0, 255.0)]
    [InlineData("center-crop", 127.5, 127.5)]
    public async Task Crop_takes_the_configured_box(string model, double red, double blue)
    {
        // 4×2, red left half and blue right half: the box at x=2 is all blue; the centred box is half each.
        var (_, body) = await _client.PostJsonAsync($"/v2/models/{model}/infer", Requests.V2Images("image_bytes", TestImages.Halves(4, 2, SKColors.Red, SKColors.Blue)));

        var values = body.Output("y").Numbers();
        Assert.Equal([1L, 3, 2, 2], body.Output("y").Shape());
        Assert.Equal(red, Plane(values, 0, 4).Average());
        Assert.Equal(blue, Plane(values, 2, 4).Average());
    }

    [Fact]
    public async Task Several_images_are_batched_in_request_order()
    {
        var (status, body) = await _client.PostJsonAsync("/v1/models/nchw-rgb:predict", Requests.V1Images(
            TestImages.Pixels(2, 1, A, B),
            TestImages.Pixels(2, 1, B, A),
            TestImages.Pixels(2, 1, A, A)));

        Assert.Equal(HttpStatusCode.OK, status);
        var predictions = body!["predictions"]!.AsArray();
        Assert.Equal(3, predictions.Count);
        Assert.Equal("[[[10,40]],[[20,50]],[[30,60]]]", predictions[0]!.ToJsonString());
        Assert.Equal("[[[40,10]],[[50,20]],[[60,30]]]", predictions[1]!.ToJsonString());
        Assert.Equal("[[[10,10]],[[20,20]],[[30,30]]]", predictions[2]!.ToJsonString());
    }

    private static double[] Plane(double[] values, int channel, int size) => values[(channel * size)..((channel + 1) * size)];
}
