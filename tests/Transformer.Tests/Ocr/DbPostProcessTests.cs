using Modelplane.Transformer.Ocr;
using SkiaSharp;

namespace Modelplane.Transformer.Tests.Ocr;

/// <summary>
/// DB post-processing on probability maps drawn for the test, where the boxes PaddleOCR's code gives can be worked out
/// by hand: a rectangle of w × h pixel centres grows by w·h·1.5 / 2(w + h) on every side.
/// </summary>
public sealed class DbPostProcessTests
{
    private static readonly OcrLinesOptions Defaults = new();

    [Fact]
    public void A_rectangle_region_is_unclipped_and_ordered_clockwise_from_the_top_left()
    {
        // Pixel centres x 20..120, y 30..45: 100 × 15, grown by 1500 × 1.5 / 230 = 9.78 on every side.
        var map = Map(200, 100, (x, y) => x is >= 20 and <= 120 && y is >= 30 and <= 45 ? 0.9f : 0.05f);

        var box = Assert.Single(DbPostProcess.Boxes(map, 200, 100, 200, 100, Defaults));

        Assert.Equal(new TextBox(new(10, 20), new(130, 20), new(130, 55), new(10, 55), 0.9f), box with { Score = 0.9f });
        Assert.Equal(0.9f, box.Score, 0.001f);
    }

    [Fact]
    public void Boxes_are_scaled_from_the_map_to_the_page()
    {
        var map = Map(200, 100, (x, y) => x is >= 20 and <= 120 && y is >= 30 and <= 45 ? 0.9f : 0f);

        var box = Assert.Single(DbPostProcess.Boxes(map, 200, 100, 400, 200, Defaults));

        Assert.Equal((new SKPoint(20, 40), new SKPoint(260, 110)), (box.TopLeft, box.BottomRight));
    }

    [Fact]
    public void A_region_over_the_threshold_but_under_the_box_threshold_is_dropped()
    {
        var faint = Map(200, 100, (x, y) => x is >= 20 and <= 120 && y is >= 30 and <= 45 ? 0.5f : 0f);

        Assert.Empty(DbPostProcess.Boxes(faint, 200, 100, 200, 100, Defaults));
        Assert.Single(DbPostProcess.Boxes(faint, 200, 100, 200, 100, new OcrLinesOptions { BoxThreshold = 0.4f }));
    }

    [Fact]
    public void A_region_thinner_than_the_minimum_size_is_dropped()
    {
        var thin = Map(200, 100, (x, y) => x is >= 20 and <= 120 && y is >= 30 and <= 32 ? 0.9f : 0f);

        Assert.Empty(DbPostProcess.Boxes(thin, 200, 100, 200, 100, Defaults));
    }

    [Fact]
    public void Separate_regions_are_separate_boxes()
    {
        var map = Map(200, 100, (x, y) => (x is >= 10 and <= 60 && y is >= 10 and <= 25) || (x is >= 100 and <= 180 && y is >= 60 and <= 80) ? 0.9f : 0f);

        Assert.Equal(2, DbPostProcess.Boxes(map, 200, 100, 200, 100, Defaults).Count);
    }

    [Fact]
    public void Regions_touching_corner_to_corner_are_one_as_in_OpenCV_contours()
    {
        var map = Map(200, 100, (x, y) => (x is >= 10 and <= 60 && y is >= 10 and <= 25) || (x is >= 61 and <= 110 && y is >= 26 and <= 41) ? 0.9f : 0f);

        // Every box kept, to count regions: 8-connected, the two blocks are one.
        var box = Assert.Single(DbPostProcess.Boxes(map, 200, 100, 200, 100, new OcrLinesOptions { BoxThreshold = 0 }));
        Assert.InRange(SKPoint.Distance(box.TopLeft, box.TopRight), 100, 140);
    }

    [Fact]
    public void A_turned_region_gives_a_box_turned_by_the_same_angle()
    {
        const double Angle = 10 * Math.PI / 180;
        var (cos, sin) = (Math.Cos(Angle), Math.Sin(Angle));
        var map = Map(300, 200, (x, y) =>
        {
            // Inside a 160 × 20 rectangle turned 10° about (150, 100).
            var (dx, dy) = (x - 150, y - 100);
            var (u, v) = ((dx * cos) + (dy * sin), (-dx * sin) + (dy * cos));
            return Math.Abs(u) <= 80 && Math.Abs(v) <= 10 ? 0.9f : 0f;
        });

        var box = Assert.Single(DbPostProcess.Boxes(map, 300, 200, 300, 200, Defaults));

        var top = Math.Atan2(box.TopRight.Y - box.TopLeft.Y, box.TopRight.X - box.TopLeft.X) * 180 / Math.PI;
        Assert.InRange(top, 9, 11);
        Assert.InRange(SKPoint.Distance(box.TopLeft, box.TopRight), 170, 190);
    }

    [Fact]
    public void A_map_without_text_gives_no_boxes()
    {
        Assert.Empty(DbPostProcess.Boxes(Map(64, 32, (_, _) => 0.01f), 64, 32, 64, 32, Defaults));
    }

    private static float[] Map(int width, int height, Func<int, int, float> probability)
    {
        var map = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                map[(y * width) + x] = probability(x, y);
            }
        }

        return map;
    }
}
