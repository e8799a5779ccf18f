using Modelplane.Transformer.Ocr;
using SkiaSharp;

namespace Modelplane.Transformer.Tests.Ocr;

/// <summary>The detector's page size, PaddleOCR's reading order, and lines cut upright out of the page.</summary>
public sealed class DetectionGeometryTests
{
    [Theory]
    [InlineData(800, 400, 800, 384)]    // 400 / 32 = 12.5 rounds to even, as Python's round does
    [InlineData(2000, 1000, 960, 480)]  // the longer side brought down to the limit
    [InlineData(1000, 80, 960, 64)]     // 76.8 truncated to 76, then to the nearest multiple of 32
    [InlineData(10, 10, 32, 32)]        // never below 32
    [InlineData(500, 300, 512, 288)]    // a small page is not scaled up, only rounded
    public void A_page_is_sized_as_DetResizeForTest_sizes_it(int width, int height, int expectedWidth, int expectedHeight)
    {
        Assert.Equal((expectedWidth, expectedHeight), DetectionResize.Size(width, height, 960));
    }

    [Fact]
    public void Boxes_are_read_top_to_bottom_and_left_to_right_within_10_pixels()
    {
        var right = Box(300, 100);
        var left = Box(50, 105);     // 5 pixels lower than 'right': the same line, so it comes first
        var title = Box(500, 20);
        var footer = Box(10, 200);
        var below = Box(20, 112);    // 12 pixels below 'right': a line of its own
        List<TextBox> boxes = [right, footer, below, left, title];

        ReadingOrder.Sort(boxes);

        Assert.Equal([title, left, right, below, footer], boxes);
    }

    [Fact]
    public void A_line_is_cut_out_at_the_size_of_its_box()
    {
        using var page = Page((canvas, paint) =>
        {
            paint.Color = SKColors.Red;
            canvas.DrawRect(10, 20, 50, 30, paint);
            paint.Color = SKColors.Blue;
            canvas.DrawRect(60, 20, 50, 30, paint);
        });

        using var line = LineCrop.Crop(page, new TextBox(new(10, 20), new(110, 20), new(110, 50), new(10, 50), 1));

        Assert.Equal((100, 30), (line.Width, line.Height));
        Assert.Equal(SKColors.Red, line.GetPixel(20, 15));
        Assert.Equal(SKColors.Blue, line.GetPixel(80, 15));
    }

    [Fact]
    public void A_box_turned_on_the_page_is_cut_upright()
    {
        // A box whose top edge runs down the page (its top left is at the top right of the drawing): red along its top.
        using var page = Page((canvas, paint) =>
        {
            paint.Color = SKColors.Red;
            canvas.DrawRect(100, 10, 15, 100, paint);
            paint.Color = SKColors.Blue;
            canvas.DrawRect(85, 10, 15, 100, paint);
        });

        using var line = LineCrop.Crop(page, new TextBox(new(115, 10), new(115, 110), new(85, 110), new(85, 10), 1));

        Assert.Equal((100, 30), (line.Width, line.Height));
        Assert.Equal(SKColors.Red, line.GetPixel(50, 5));
        Assert.Equal(SKColors.Blue, line.GetPixel(50, 25));
    }

    [Fact]
    public void A_box_much_taller_than_wide_is_turned_a_quarter_counter_clockwise()
    {
        using var page = Page((canvas, paint) =>
        {
            paint.Color = SKColors.Red;
            canvas.DrawRect(10, 10, 30, 50, paint);
            paint.Color = SKColors.Blue;
            canvas.DrawRect(10, 60, 30, 50, paint);
        });

        using var line = LineCrop.Crop(page, new TextBox(new(10, 10), new(40, 10), new(40, 110), new(10, 110), 1));

        // numpy's rot90: the box's top (red) ends on the left.
        Assert.Equal((100, 30), (line.Width, line.Height));
        Assert.Equal(SKColors.Red, line.GetPixel(20, 15));
        Assert.Equal(SKColors.Blue, line.GetPixel(80, 15));
    }

    private static TextBox Box(float x, float y) => new(new(x, y), new(x + 40, y), new(x + 40, y + 20), new(x, y + 20), 1);

    private static SKImage Page(Action<SKCanvas, SKPaint> draw)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(200, 150, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint())
        {
            canvas.Clear(SKColors.White);
            draw(canvas, paint);
        }

        return SKImage.FromBitmap(bitmap);
    }
}
