using SkiaSharp;

namespace Modelplane.Transformer.Ocr;

/// <summary>
/// The minimum-area rectangle around points, as OpenCV's <c>minAreaRect</c> finds it: rotating calipers over the
/// convex hull, one candidate per hull edge, since the smallest rectangle has a side along one of them.
/// </summary>
internal readonly record struct RotatedRectangle(SKPoint Center, SKPoint Axis, float Width, float Height)
{
    /// <summary>The shorter side, which PaddleOCR compares with its minimum size.</summary>
    public float ShortSide => Math.Min(Width, Height);

    /// <summary>The smallest rectangle holding the convex polygon <paramref name="hull"/> (counter-clockwise or clockwise, no repeats).</summary>
    public static RotatedRectangle Around(ReadOnlySpan<SKPoint> hull)
    {
        if (hull.Length == 0)
        {
            throw new ArgumentException("no points", nameof(hull));
        }

        if (hull.Length == 1)
        {
            return new RotatedRectangle(hull[0], new SKPoint(1, 0), 0, 0);
        }

        var best = default(RotatedRectangle);
        var bestArea = double.MaxValue;
        for (var i = 0; i < hull.Length; i++)
        {
            var edge = hull[(i + 1) % hull.Length] - hull[i];
            var length = Math.Sqrt((edge.X * (double)edge.X) + (edge.Y * (double)edge.Y));
            if (length == 0)
            {
                continue;
            }

            var (ux, uy) = (edge.X / length, edge.Y / length);
            double minU = double.MaxValue, maxU = double.MinValue, minV = double.MaxValue, maxV = double.MinValue;
            foreach (var p in hull)
            {
                var u = (p.X * ux) + (p.Y * uy);
                var v = (-p.X * uy) + (p.Y * ux);
                (minU, maxU) = (Math.Min(minU, u), Math.Max(maxU, u));
                (minV, maxV) = (Math.Min(minV, v), Math.Max(maxV, v));
            }

            var area = (maxU - minU) * (maxV - minV);
            if (area < bestArea)
            {
                bestArea = area;
                var (cu, cv) = ((minU + maxU) / 2, (minV + maxV) / 2);
                var center = new SKPoint((float)((cu * ux) - (cv * uy)), (float)((cu * uy) + (cv * ux)));
                best = new RotatedRectangle(center, new SKPoint((float)ux, (float)uy), (float)(maxU - minU), (float)(maxV - minV));
            }
        }

        return best;
    }

    /// <summary>
    /// The rectangle grown by <paramref name="distance"/> on every side: what offsetting it with round joins
    /// (pyclipper's <c>JT_ROUND</c>, as PaddleOCR's unclip does) and taking the minimum-area rectangle again gives.
    /// </summary>
    public RotatedRectangle Expand(float distance) => this with { Width = Width + (2 * distance), Height = Height + (2 * distance) };

    /// <summary>The four corners, in no particular order.</summary>
    public void Corners(Span<SKPoint> corners)
    {
        var u = new SKPoint(Axis.X * Width / 2, Axis.Y * Width / 2);
        var v = new SKPoint(-Axis.Y * Height / 2, Axis.X * Height / 2);
        corners[0] = Center - u - v;
        corners[1] = Center + u - v;
        corners[2] = Center + u + v;
        corners[3] = Center - u + v;
    }

    /// <summary>
    /// The convex hull of points (Andrew's monotone chain), counter-clockwise in image coordinates, written over the
    /// start of <paramref name="points"/> after sorting them; returns its length.
    /// </summary>
    public static int Hull(Span<SKPoint> points, Span<SKPoint> hull)
    {
        if (points.Length < 3)
        {
            points.CopyTo(hull);
            return points.Length;
        }

        points.Sort(static (a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));
        var k = 0;
        for (var i = 0; i < points.Length; i++)
        {
            while (k >= 2 && Cross(hull[k - 2], hull[k - 1], points[i]) <= 0)
            {
                k--;
            }

            hull[k++] = points[i];
        }

        for (int i = points.Length - 2, lower = k + 1; i >= 0; i--)
        {
            while (k >= lower && Cross(hull[k - 2], hull[k - 1], points[i]) <= 0)
            {
                k--;
            }

            hull[k++] = points[i];
        }

        return k - 1;
    }

    private static double Cross(SKPoint o, SKPoint a, SKPoint b) => ((a.X - (double)o.X) * (b.Y - o.Y)) - ((a.Y - (double)o.Y) * (b.X - o.X));
}
