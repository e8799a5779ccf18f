using System.Buffers;
using SkiaSharp;

namespace Modelplane.Transformer.Ocr;

/// <summary>
/// PaddleOCR's DB post-processing (<c>ppocr/postprocess/db_postprocess.py</c>, quadrilateral boxes, fast score): the
/// probability map thresholded, each 8-connected region's minimum-area rectangle scored by the mean probability inside,
/// grown by the unclip distance, scaled to the page and ordered clockwise from the top left.
/// </summary>
internal static class DbPostProcess
{
    // PaddleOCR's min_size: a region whose rectangle is thinner is noise; after unclipping it must be 2 wider still.
    private const float MinSize = 3;

    /// <summary>The text boxes of one page's probability map (<paramref name="width"/> × <paramref name="height"/>), in the page's pixels.</summary>
    public static List<TextBox> Boxes(ReadOnlySpan<float> map, int width, int height, int pageWidth, int pageHeight, OcrLinesOptions options)
    {
        if (map.Length != width * height)
        {
            throw new ArgumentException($"the map holds {map.Length} values, not {width}×{height}", nameof(map));
        }

        var boxes = new List<TextBox>();
        var pixels = width * height;

        // The map can be a page of 960 × 960; the working buffers are pooled, not allocated per request.
        var bitmap = ArrayPool<byte>.Shared.Rent(pixels);
        var stack = ArrayPool<int>.Shared.Rent(pixels);
        var rowMin = ArrayPool<int>.Shared.Rent(height);
        var rowMax = ArrayPool<int>.Shared.Rent(height);
        var points = ArrayPool<SKPoint>.Shared.Rent(2 * height);
        var hull = ArrayPool<SKPoint>.Shared.Rent((4 * height) + 1);
        try
        {
            for (var i = 0; i < pixels; i++)
            {
                bitmap[i] = map[i] > options.Threshold ? (byte)1 : (byte)0;
            }

            var regions = 0;
            Span<SKPoint> corners = stackalloc SKPoint[4];
            for (var start = 0; start < pixels && regions < options.MaxCandidates; start++)
            {
                if (bitmap[start] != 1)
                {
                    continue;
                }

                regions++;
                var (top, bottom) = Fill(bitmap, stack, rowMin, rowMax, width, height, start);

                // The rectangle of a region is the rectangle of its hull, which the leftmost and rightmost pixel of
                // each row span: the same points OpenCV's outer contour would give minAreaRect.
                var count = 0;
                for (var y = top; y <= bottom; y++)
                {
                    points[count++] = new SKPoint(rowMin[y], y);
                    if (rowMax[y] != rowMin[y])
                    {
                        points[count++] = new SKPoint(rowMax[y], y);
                    }
                }

                var hullLength = RotatedRectangle.Hull(points.AsSpan(0, count), hull);
                var rectangle = RotatedRectangle.Around(hull.AsSpan(0, hullLength));
                if (rectangle.ShortSide < MinSize)
                {
                    continue;
                }

                rectangle.Corners(corners);
                var score = MeanInside(map, width, height, corners);
                if (score < options.BoxThreshold)
                {
                    continue;
                }

                // Unclip: the offset distance PaddleOCR gives pyclipper, area × ratio / perimeter of the rectangle.
                var distance = rectangle.Width * rectangle.Height * options.UnclipRatio / (2 * (rectangle.Width + rectangle.Height));
                var grown = rectangle.Expand(distance);
                if (grown.ShortSide < MinSize + 2)
                {
                    continue;
                }

                grown.Corners(corners);
                for (var c = 0; c < 4; c++)
                {
                    corners[c] = new SKPoint(
                        Scale(corners[c].X, width, pageWidth),
                        Scale(corners[c].Y, height, pageHeight));
                }

                var box = Clockwise(corners, score);
                if ((int)SKPoint.Distance(box.TopLeft, box.TopRight) <= MinSize || (int)SKPoint.Distance(box.TopLeft, box.BottomLeft) <= MinSize)
                {
                    continue;
                }

                boxes.Add(box);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bitmap);
            ArrayPool<int>.Shared.Return(stack);
            ArrayPool<int>.Shared.Return(rowMin);
            ArrayPool<int>.Shared.Return(rowMax);
            ArrayPool<SKPoint>.Shared.Return(points);
            ArrayPool<SKPoint>.Shared.Return(hull);
        }

        return boxes;
    }

    // Marks the 8-connected region holding start as visited (2) and records each of its rows' extremes.
    private static (int Top, int Bottom) Fill(byte[] bitmap, int[] stack, int[] rowMin, int[] rowMax, int width, int height, int start)
    {
        var (top, bottom) = (start / width, start / width);
        rowMin[top] = int.MaxValue;
        rowMax[top] = int.MinValue;
        var depth = 0;
        stack[depth++] = start;
        bitmap[start] = 2;
        while (depth > 0)
        {
            var index = stack[--depth];
            var (y, x) = Math.DivRem(index, width);
            if (y < top || y > bottom)
            {
                for (var row = Math.Min(y, top); row <= Math.Max(y, bottom); row++)
                {
                    if (row < top || row > bottom)
                    {
                        rowMin[row] = int.MaxValue;
                        rowMax[row] = int.MinValue;
                    }
                }

                (top, bottom) = (Math.Min(y, top), Math.Max(y, bottom));
            }

            rowMin[y] = Math.Min(rowMin[y], x);
            rowMax[y] = Math.Max(rowMax[y], x);
            for (var dy = -1; dy <= 1; dy++)
            {
                var ny = y + dy;
                if (ny < 0 || ny >= height)
                {
                    continue;
                }

                for (var dx = -1; dx <= 1; dx++)
                {
                    var nx = x + dx;
                    var neighbour = (ny * width) + nx;
                    if (nx >= 0 && nx < width && bitmap[neighbour] == 1)
                    {
                        bitmap[neighbour] = 2;
                        stack[depth++] = neighbour;
                    }
                }
            }
        }

        return (top, bottom);
    }

    // PaddleOCR's box_score_fast: the mean probability over the pixels the quadrilateral covers.
    private static float MeanInside(ReadOnlySpan<float> map, int width, int height, ReadOnlySpan<SKPoint> quad)
    {
        float minX = float.MaxValue, maxX = float.MinValue, minY = float.MaxValue, maxY = float.MinValue;
        foreach (var p in quad)
        {
            (minX, maxX, minY, maxY) = (Math.Min(minX, p.X), Math.Max(maxX, p.X), Math.Min(minY, p.Y), Math.Max(maxY, p.Y));
        }

        var (x0, x1) = (Math.Clamp((int)MathF.Floor(minX), 0, width - 1), Math.Clamp((int)MathF.Ceiling(maxX), 0, width - 1));
        var (y0, y1) = (Math.Clamp((int)MathF.Floor(minY), 0, height - 1), Math.Clamp((int)MathF.Ceiling(maxY), 0, height - 1));
        double sum = 0;
        var count = 0;
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                if (Inside(quad, new SKPoint(x, y)))
                {
                    sum += map[(y * width) + x];
                    count++;
                }
            }
        }

        return count == 0 ? 0 : (float)(sum / count);
    }

    // Inside a convex quadrilateral or on its edge (within half a pixel of rounding), whichever way it winds.
    private static bool Inside(ReadOnlySpan<SKPoint> quad, SKPoint p)
    {
        bool positive = false, negative = false;
        for (var i = 0; i < 4; i++)
        {
            var (a, b) = (quad[i], quad[(i + 1) % 4]);
            var edge = b - a;
            var cross = ((edge.X * (p.Y - a.Y)) - (edge.Y * (p.X - a.X))) / Math.Max(edge.Length, 1e-6f);
            positive |= cross > 1e-3f;
            negative |= cross < -1e-3f;
        }

        return !(positive && negative);
    }

    private static float Scale(float value, int mapSide, int pageSide) =>
        Math.Clamp(MathF.Round(value / mapSide * pageSide, MidpointRounding.ToEven), 0, pageSide - 1);

    // PaddleOCR's order_points_clockwise: top left has the least x + y, bottom right the most; of the other two the
    // top right has the least y − x.
    private static TextBox Clockwise(ReadOnlySpan<SKPoint> corners, float score)
    {
        var (first, last) = (0, 0);
        for (var i = 1; i < 4; i++)
        {
            var sum = corners[i].X + corners[i].Y;
            first = sum < corners[first].X + corners[first].Y ? i : first;
            last = sum > corners[last].X + corners[last].Y ? i : last;
        }

        var (a, b) = (-1, -1);
        for (var i = 0; i < 4; i++)
        {
            if (i != first && i != last)
            {
                (a, b) = a < 0 ? (i, b) : (a, i);
            }
        }

        if (corners[a].Y - corners[a].X > corners[b].Y - corners[b].X)
        {
            (a, b) = (b, a);
        }

        return new TextBox(corners[first], corners[a], corners[last], corners[b], score);
    }
}
