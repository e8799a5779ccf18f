using SkiaSharp;

namespace Modelplane.Transformer.Tests.Images;

/// <summary>Images made for tests with SkiaSharp, encoded as a client would send them.</summary>
internal static class TestImages
{
    /// <summary>One colour all over.</summary>
    public static byte[] Solid(int width, int height, SKColor color, SKEncodedImageFormat format = SKEncodedImageFormat.Png) =>
        Draw(width, height, format, canvas => canvas.Clear(color));

    /// <summary>The left half one colour, the right half another.</summary>
    public static byte[] Halves(int width, int height, SKColor left, SKColor right, SKEncodedImageFormat format = SKEncodedImageFormat.Png) =>
        Draw(width, height, format, canvas =>
        {
            canvas.Clear(right);
            using var paint = new SKPaint { Color = left };
            canvas.DrawRect(0, 0, width / 2f, height, paint);
        });

    /// <summary>An image of exactly these pixels, row by row.</summary>
    public static byte[] Pixels(int width, int height, params SKColor[] pixels)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var i = 0; i < pixels.Length; i++)
        {
            bitmap.SetPixel(i % width, i / width, pixels[i]);
        }

        return Encode(bitmap, SKEncodedImageFormat.Png);
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 95) ?? throw new InvalidOperationException($"SkiaSharp cannot encode {format}");
        return data.ToArray();
    }

    private static byte[] Draw(int width, int height, SKEncodedImageFormat format, Action<SKCanvas> draw)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(bitmap))
        {
            draw(canvas);
        }

        return Encode(bitmap, format);
    }
}
