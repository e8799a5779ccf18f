using SkiaSharp;

namespace Modelplane.Transformer.Tests.Ocr;

/// <summary>
/// Document pages rendered with SkiaSharp: lines of dark DejaVu Sans on white, one under the other, the page optionally
/// turned a few degrees as a careless scan is, encoded as JPEG.
/// </summary>
internal static class TextPages
{
    public const int Width = 800;
    public const int Height = 400;

    private const float Left = 60;
    private const float FirstBaseline = 90;
    private const float LineSpacing = 80;

    /// <summary>
    /// A JPEG of <paramref name="lines"/> from the top left, turned by <paramref name="degrees"/> about the page's
    /// centre; the line at <paramref name="upsideDownLine"/> (if any) is drawn turned 180° in its place.
    /// </summary>
    public static byte[] Render(IReadOnlyList<string> lines, float degrees = 0, int upsideDownLine = -1)
    {
        using var font = new SKFont(TextLines.Typeface, 32);
        using var paint = new SKPaint { Color = new SKColor(20, 20, 20), IsAntialias = true };
        using var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            canvas.RotateDegrees(degrees, Width / 2f, Height / 2f);
            for (var i = 0; i < lines.Count; i++)
            {
                var baseline = FirstBaseline + (i * LineSpacing);
                canvas.Save();
                if (i == upsideDownLine)
                {
                    var middle = baseline + ((font.Metrics.Ascent + font.Metrics.Descent) / 2);
                    canvas.RotateDegrees(180, Left + (font.MeasureText(lines[i]) / 2), middle);
                }

                canvas.DrawText(lines[i], Left, baseline, SKTextAlign.Left, font, paint);
                canvas.Restore();
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return jpeg.ToArray();
    }

    /// <summary>A white page with nothing on it.</summary>
    public static byte[] Blank() => Render([]);
}
