namespace Modelplane.Transformer.Ocr;

/// <summary>
/// PaddleOCR's <c>sorted_boxes</c>: top to bottom by the top-left corner, then boxes whose tops lie within 10 pixels of
/// each other counted as one line and taken left to right.
/// </summary>
internal static class ReadingOrder
{
    private const float SameLine = 10;

    public static void Sort(List<TextBox> boxes)
    {
        boxes.Sort(static (a, b) => a.TopLeft.Y != b.TopLeft.Y ? a.TopLeft.Y.CompareTo(b.TopLeft.Y) : a.TopLeft.X.CompareTo(b.TopLeft.X));
        for (var i = 0; i < boxes.Count - 1; i++)
        {
            for (var j = i; j >= 0; j--)
            {
                var (upper, lower) = (boxes[j], boxes[j + 1]);
                if (Math.Abs(lower.TopLeft.Y - upper.TopLeft.Y) >= SameLine || lower.TopLeft.X >= upper.TopLeft.X)
                {
                    break;
                }

                (boxes[j], boxes[j + 1]) = (lower, upper);
            }
        }
    }
}
