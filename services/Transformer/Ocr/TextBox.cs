using SkiaSharp;

namespace Modelplane.Transformer.Ocr;

/// <summary>
/// A detected text line: the four corners of its rotated rectangle in the page's pixels, clockwise from the top left
/// (top left, top right, bottom right, bottom left), and the detector's mean probability inside it.
/// </summary>
internal readonly record struct TextBox(SKPoint TopLeft, SKPoint TopRight, SKPoint BottomRight, SKPoint BottomLeft, float Score)
{
    public SKPoint this[int corner] => corner switch
    {
        0 => TopLeft,
        1 => TopRight,
        2 => BottomRight,
        3 => BottomLeft,
        _ => throw new ArgumentOutOfRangeException(nameof(corner), corner, "a box has corners 0 to 3"),
    };
}
