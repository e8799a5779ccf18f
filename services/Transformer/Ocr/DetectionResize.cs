namespace Modelplane.Transformer.Ocr;

/// <summary>
/// The size PaddleOCR's <c>DetResizeForTest</c> gives a page before detection: the longer side brought down to the
/// limit (never up), then each side rounded to a multiple of 32, at least 32, as the detector's strides need.
/// </summary>
internal static class DetectionResize
{
    private const int Stride = 32;

    public static (int Width, int Height) Size(int width, int height, int limitSideLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limitSideLength, Stride);
        var longer = Math.Max(width, height);
        var ratio = longer > limitSideLength ? limitSideLength / (double)longer : 1.0;

        // PaddleOCR truncates the scaled side, then rounds half to even to the stride (Python's round).
        return (Round((int)(width * ratio)), Round((int)(height * ratio)));
    }

    private static int Round(int side) => Math.Max((int)Math.Round(side / (double)Stride, MidpointRounding.ToEven) * Stride, Stride);
}
