using System.Net;
using System.Text.Json.Nodes;
using Modelplane.Transformer.Tests.Hosting;

namespace Modelplane.Transformer.Tests.Ocr;

/// <summary>
/// The whole of PaddleOCR on a page: <c>ocr-document</c> (models/ocr/transformer.json) detects the lines with the real
/// detector, cuts them upright, and reads them with the real classifier and recognizer pipelines.
/// </summary>
public sealed class OcrDocumentTests(OcrFixture fixture) : IClassFixture<OcrFixture>
{
    // One word a line: PP-OCRv4 reads a gap between words on these tight crops as a space on some lines and as none
    // on others (it gave "HELLOWORLD" and "Invoice2048"), so the page holds what it reads exactly.
    private static readonly string[] Page = ["INVOICE", "Modelplane", "transformer", "Total:315.60"];

    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task A_page_is_read_line_by_line_in_reading_order()
    {
        var lines = await ReadAsync(TextPages.Render(Page));

        Assert.Equal(Page, lines.Select(Text));
        Assert.All(lines, line => Assert.True(line["confidence"]!.GetValue<double>() > 0.8, line.ToJsonString()));

        // Each box holds its line: clockwise from the top left, inside the page, the lines stacked top to bottom.
        var boxes = lines.Select(Box).ToList();
        Assert.All(boxes, box =>
        {
            Assert.True(box[0].X < box[1].X && box[1].Y < box[2].Y && box[3].X < box[2].X && box[0].Y < box[3].Y, string.Join(" ", box));
            Assert.All(box, p => Assert.True(p.X is >= 0 and < TextPages.Width && p.Y is >= 0 and < TextPages.Height, string.Join(" ", box)));
        });
        for (var i = 1; i < boxes.Count; i++)
        {
            Assert.True(boxes[i][0].Y > boxes[i - 1][3].Y - 5, $"line {i} starts above line {i - 1} ends");
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-5)]
    public async Task A_page_turned_a_few_degrees_still_reads_exactly(float degrees)
    {
        var lines = await ReadAsync(TextPages.Render(Page, degrees));

        Assert.Equal(Page, lines.Select(Text));

        // The boxes turn with the text: the top edge of each rises or falls by the page's angle.
        Assert.All(lines.Select(Box), box =>
        {
            var angle = Math.Atan2(box[1].Y - box[0].Y, box[1].X - box[0].X) * 180 / Math.PI;
            Assert.InRange(angle, degrees - 1.5, degrees + 1.5);
        });
    }

    [Fact]
    public async Task A_line_printed_upside_down_is_turned_by_the_classifier_and_read()
    {
        var lines = await ReadAsync(TextPages.Render(Page, upsideDownLine: 2));

        Assert.Equal(Page, lines.Select(Text));
    }

    [Fact]
    public async Task The_readme_page_reads_as_the_readme_says()
    {
        var lines = await ReadAsync(await File.ReadAllBytesAsync(RepositoryRoot.Combine("models", "ocr", "samples", "page.jpg")));

        Assert.Equal(Page, lines.Select(Text));
    }

    public static TheoryData<string, byte[][], string> BadPages => new()
    {
        { "a body that is not an image", ["this is not a page"u8.ToArray()], "instances[0].image_bytes is not an image; send a JPEG, PNG or WebP file (18 bytes, starting 7468697320697320)" },
        { "an empty image file", [[]], "instances[0].image_bytes is not an image; send a JPEG, PNG or WebP file (0 bytes, starting nothing)" },
        { "two pages at once", [TextPages.Blank(), TextPages.Blank()], "model 'ocr-document' reads one page per request; the request has 2" },
    };

    [Theory]
    [MemberData(nameof(BadPages))]
    public async Task A_request_that_is_not_one_page_is_refused_clearly(string name, byte[][] files, string message)
    {
        var (status, body) = await _client.PostJsonAsync("/v1/models/ocr-document:predict", Requests.V1Images(files));

        Assert.True(status == HttpStatusCode.BadRequest, $"{name}: expected 400, got {(int)status} {body?.ToJsonString()}");
        Assert.Contains(message, body.Error(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_without_text_has_no_lines()
    {
        var blank = await ReadAsync(TextPages.Blank());
        var speck = await ReadAsync(Images.TestImages.Solid(1, 1, SkiaSharp.SKColors.White));

        Assert.Empty(blank);
        Assert.Empty(speck);
    }

    [Fact]
    public async Task Over_v2_a_page_gives_its_lines_as_text_confidence_and_box_rows()
    {
        var (status, body) = await _client.PostJsonAsync("/v2/models/ocr-document/infer", Requests.V2Images("image_bytes", TextPages.Render(Page)));

        Assert.True(status == HttpStatusCode.OK, body?.ToJsonString());
        Assert.Equal(Page, body.Output("text").Strings());
        Assert.Equal([Page.Length], body.Output("confidence").Shape());
        Assert.Equal([Page.Length, 4, 2], body.Output("box").Shape());
    }

    private async Task<List<JsonNode>> ReadAsync(byte[] page)
    {
        var (status, body) = await _client.PostJsonAsync("/v1/models/ocr-document:predict", Requests.V1Images(page));
        Assert.True(status == HttpStatusCode.OK, body?.ToJsonString());
        return [.. body!["predictions"]!.AsArray().Select(p => p!)];
    }

    private static string Text(JsonNode line) => line["text"]!.GetValue<string>();

    private static (double X, double Y)[] Box(JsonNode line) =>
        [.. line["box"]!.AsArray().Select(p => (p![0]!.GetValue<double>(), p[1]!.GetValue<double>()))];
}
