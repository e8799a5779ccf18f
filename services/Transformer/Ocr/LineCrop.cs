using SkiaSharp;

namespace Modelplane.Transformer.Ocr;

/// <summary>
/// PaddleOCR's <c>get_rotate_crop_image</c>: a text box cut out of the page as an upright line image, its size the
/// longer of each pair of opposite sides, the page's edge pixels repeated where the box reaches past it, bicubic;
/// a box at least 1.5 times as tall as wide is taken for vertical text and turned a quarter counter-clockwise.
/// </summary>
internal static class LineCrop
{
    private const float Vertical = 1.5f;

    private static readonly SKSamplingOptions Sampling = new(SKCubicResampler.CatmullRom);

    public static SKBitmap Crop(SKImage page, TextBox box)
    {
        ArgumentNullException.ThrowIfNull(page);
        var width = Math.Max(1, (int)Math.Max(SKPoint.Distance(box.TopLeft, box.TopRight), SKPoint.Distance(box.BottomLeft, box.BottomRight)));
        var height = Math.Max(1, (int)Math.Max(SKPoint.Distance(box.TopLeft, box.BottomLeft), SKPoint.Distance(box.TopRight, box.BottomRight)));

        // The box's rectangle is exact up to rounding to whole pixels, so the affine map of three corners warps it as
        // the perspective map of four would.
        var toPage = new SKMatrix(
            (box.TopRight.X - box.TopLeft.X) / width, (box.BottomLeft.X - box.TopLeft.X) / height, box.TopLeft.X,
            (box.TopRight.Y - box.TopLeft.Y) / width, (box.BottomLeft.Y - box.TopLeft.Y) / height, box.TopLeft.Y,
            0, 0, 1);
        if (!toPage.TryInvert(out var toLine))
        {
            throw new ArgumentException($"the box {box} has no area", nameof(box));
        }

        var line = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(line))
        using (var shader = page.ToShader(SKShaderTileMode.Clamp, SKShaderTileMode.Clamp, Sampling, toLine))
        using (var paint = new SKPaint { Shader = shader })
        {
            canvas.DrawRect(0, 0, width, height, paint);
        }

        if (height < width * Vertical)
        {
            return line;
        }

        using (line)
        {
            // numpy's rot90: a quarter turn counter-clockwise, so the line's top becomes its left.
            var turned = new SKBitmap(new SKImageInfo(height, width, SKColorType.Rgba8888, SKAlphaType.Unpremul));
            using var canvas = new SKCanvas(turned);
            canvas.Translate(0, width);
            canvas.RotateDegrees(-90);
            canvas.DrawBitmap(line, 0, 0);
            return turned;
        }
    }
}
