using System.Net;
using Modelplane.Transformer.Tests.Hosting;

namespace Modelplane.Transformer.Tests.Ocr;

/// <summary>
/// A real model no one here wrote, end to end: rendered text lines sent as JPEG through transformer → predictor to
/// PaddleOCR's orientation classifier and recognizer.
/// </summary>
public sealed class OcrTests(OcrFixture fixture) : IClassFixture<OcrFixture>
{
    public static TheoryData<string> Lines => new() { "HELLO WORLD", "Invoice 2048", "transformer", "Total: 315.60" };

    private readonly HttpClient _client = fixture.Client;

    [Theory]
    [MemberData(nameof(Lines))]
    public async Task Upright_and_upside_down_lines_are_told_apart(string text)
    {
        var (status, body) = await _client.PostJsonAsync("/v1/models/ocr-cls:predict", Requests.V1Images(
            TextLines.Render(text),
            TextLines.Render(text, upsideDown: true)));

        Assert.Equal(HttpStatusCode.OK, status);
        var predictions = body!["predictions"]!.AsArray();
        Assert.Equal("0", predictions[0]!["angle"]!.GetValue<string>());
        Assert.Equal("180", predictions[1]!["angle"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public async Task A_rendered_line_is_read_to_the_exact_text(string text)
    {
        var (status, body) = await _client.PostJsonAsync("/v1/models/ocr-rec:predict", Requests.V1Images(TextLines.Render(text)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(text, body!["predictions"]![0]!["text"]!.GetValue<string>());
        Assert.True(body["predictions"]![0]!["score"]!.GetValue<double>() > 0.8, body.ToJsonString());
    }

    [Fact]
    public async Task Lines_of_different_lengths_are_read_in_one_batch()
    {
        var (status, body) = await _client.PostJsonAsync("/v1/models/ocr-rec:predict", Requests.V1Images(
            TextLines.Render("HELLO WORLD"),
            TextLines.Render("transformer")));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["HELLO WORLD", "transformer"], body!["predictions"]!.AsArray().Select(p => p!["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_line_longer_than_the_usual_width_is_widened_not_squeezed()
    {
        // 36 characters at height 48 are about 900 pixels wide: squeezed into 320 they could not be read.
        const string Long = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var (status, body) = await _client.PostJsonAsync("/v1/models/ocr-rec:predict", Requests.V1Images(TextLines.Render(Long), TextLines.Render("transformer")));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([Long, "transformer"], body!["predictions"]!.AsArray().Select(p => p!["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_readme_sample_reads_as_the_readme_says()
    {
        // The README's request: {"instances": [{"image_bytes": {"b64": "$(base64 -w0 models/ocr/samples/invoice-2048.jpg)"}}]}
        var line = await File.ReadAllBytesAsync(RepositoryRoot.Combine("models", "ocr", "samples", "invoice-2048.jpg"));
        var body = $$$"""{"instances": [{"image_bytes": {"b64": "{{{Convert.ToBase64String(line)}}}"}}]}""";

        var orientation = await _client.PostJsonAsync("/v1/models/ocr-cls:predict", body);
        var text = await _client.PostJsonAsync("/v1/models/ocr-rec:predict", body);

        Assert.Equal("0", orientation.Body!["predictions"]![0]!["angle"]!.GetValue<string>());
        Assert.Equal("Invoice 2048", text.Body!["predictions"]![0]!["text"]!.GetValue<string>());
    }
}
