using SkiaSharp;

namespace Modelplane.Transformer.Tests.Ocr;

/// <summary>
/// Text lines rendered with SkiaSharp as a scanner or camera would give them: dark text on white, in DejaVu Sans
/// (Debian's fonts-dejavu-core, which <c>.ci/run</c> installs), encoded as JPEG.
/// </summary>
internal static class TextLines
{
    private const string FontFamily = "DejaVu Sans";

    // As tight as a text detector crops a line: a wide white margin reads as a leading space.
    private const int Margin = 6;

    private static readonly Lazy<SKTypeface> LoadedTypeface = new(() =>
    {
        var typeface = SKFontManager.Default.MatchFamily(FontFamily);
        return typeface is not null && typeface.FamilyName == FontFamily
            ? typeface
            : throw new InvalidOperationException($"the font '{FontFamily}' is not installed; install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core)");
    });

    /// <summary>DejaVu Sans, or an error that says how to install it.</summary>
    public static SKTypeface Typeface => LoadedTypeface.Value;

    /// <summary>A JPEG of <paramref name="text"/> on one line, turned upside down when <paramref name="upsideDown"/>.</summary>
    public static byte[] Render(string text, bool upsideDown = false)
    {
        using var font = new SKFont(Typeface, 36);
        using var paint = new SKPaint { Color = new SKColor(20, 20, 20), IsAntialias = true };
        var width = (int)Math.Ceiling(font.MeasureText(text)) + (2 * Margin);
        const int Height = 56;
        using var bitmap = new SKBitmap(new SKImageInfo(width, Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            if (upsideDown)
            {
                canvas.RotateDegrees(180, width / 2f, Height / 2f);
            }

            // The baseline sits so that capitals and descenders both fit, centred on the line.
            canvas.DrawText(text, Margin, (Height / 2f) - ((font.Metrics.Ascent + font.Metrics.Descent) / 2), SKTextAlign.Left, font, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return jpeg.ToArray();
    }
}
