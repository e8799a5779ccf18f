using Modelplane.Serving.Protocol;
using Modelplane.Transformer.Ocr;
using Modelplane.Transformer.Pipeline;
using SkiaSharp;

namespace Modelplane.Transformer.Tests.Ocr;

/// <summary>ocr.page: the page scaled as DetResizeForTest does and normalized as PaddleOCR's NormalizeImage, in BGR.</summary>
public sealed class OcrPageStepTests
{
    [Fact]
    public async Task A_page_becomes_the_detectors_tensor_and_stays_for_the_response()
    {
        using var context = new RequestContext("ocr-document", new InferenceRequest { Inputs = [] });
        var page = new SKBitmap(new SKImageInfo(800, 400, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        page.Erase(SKColors.Red);
        context.Images = [page];

        await new OcrPageStep(new OcrPageOptions()).ApplyAsync(context, CancellationToken.None);

        var tensor = Assert.Single(context.Inputs);
        Assert.Equal("x", tensor.Name);
        Assert.Equal([1, 3, 384, 800], tensor.Shape);
        var values = tensor.AsSpan<float>();
        var plane = 384 * 800;

        // Channel 0 is blue (0), 1 green (0), 2 red (255): (v / 255 − mean) / std with ImageNet's figures in that order.
        Assert.Equal((0 - 0.485f) / 0.229f, values[plane / 2], 0.001f);
        Assert.Equal((0 - 0.456f) / 0.224f, values[plane + (plane / 2)], 0.001f);
        Assert.Equal((1 - 0.406f) / 0.225f, values[(2 * plane) + (plane / 2)], 0.001f);
        Assert.Same(page, Assert.Single(context.Images));
    }
}
