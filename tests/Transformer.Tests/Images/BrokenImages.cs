using SkiaSharp;

namespace Modelplane.Transformer.Tests.Images;

/// <summary>Files that are not what they claim: cut short, or with a header that declares a huge image.</summary>
internal static class BrokenImages
{
    /// <summary>The first half of a JPEG of noise: a valid header, then the data stops.</summary>
    public static byte[] TruncatedJpeg()
    {
        var random = new Random(7);
        using var bitmap = new SKBitmap(new SKImageInfo(64, 64, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < 64; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            }
        }

        var jpeg = TestImages.Encode(bitmap, SKEncodedImageFormat.Jpeg);
        return jpeg[..(jpeg.Length / 2)];
    }

    /// <summary>
    /// A small JPEG whose frame header (SOF0) says it is <paramref name="width"/> × <paramref name="height"/>: what a
    /// decoder would allocate for is what the header says, so a limit must be checked from it.
    /// </summary>
    public static byte[] JpegClaiming(int width, int height)
    {
        var jpeg = TestImages.Solid(16, 16, SKColors.Gray, SKEncodedImageFormat.Jpeg);
        for (var i = 2; i + 9 < jpeg.Length; i++)
        {
            // SOF0 is FF C0, then a 2-byte length, 1 byte of precision, 2 of height and 2 of width, big-endian.
            if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0)
            {
                jpeg[i + 5] = (byte)(height >> 8);
                jpeg[i + 6] = (byte)height;
                jpeg[i + 7] = (byte)(width >> 8);
                jpeg[i + 8] = (byte)width;
                return jpeg;
            }
        }

        throw new InvalidOperationException("SkiaSharp wrote a JPEG without a baseline frame header");
    }
}
