using Modelplane.Transformer.Pipeline;
using SkiaSharp;

namespace Modelplane.Transformer.Images;

/// <summary><c>image.resize</c>: every image to one size, bilinear, by the mode the options give.</summary>
internal sealed class ImageResizeStep : IRequestStep
{
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.None);

    private readonly ImageResizeOptions _options;
    private readonly SKColor _padColor;

    public ImageResizeStep(ImageResizeOptions options)
    {
        if (options.Width <= 0 || options.Height <= 0)
        {
            throw new ArgumentException($"Width and Height must be more than 0 (they are {options.Width} and {options.Height})");
        }

        if (!SKColor.TryParse(options.PadColor, out _padColor))
        {
            throw new ArgumentException($"PadColor '{options.PadColor}' is not a colour such as #808080");
        }

        _options = options;
    }

    public ValueTask ApplyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var width = _options.Width;
        if (_options.Mode == ResizeMode.Height && _options.MaxWidth > width)
        {
            // Squeezing a long text line narrows the gaps between its words until a recognizer reads them as none.
            var widest = context.Images.Select(i => (int)Math.Ceiling(_options.Height * (double)i.Width / i.Height)).DefaultIfEmpty(width).Max();
            width = Math.Clamp(widest, width, _options.MaxWidth);
        }

        context.Images = [.. context.Images.Select(image => Resize(image, width))];
        return ValueTask.CompletedTask;
    }

    private SKBitmap Resize(SKBitmap image, int width)
    {
        var height = _options.Height;
        var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var canvas = new SKCanvas(target);
        canvas.Clear(_padColor);
        using var source = SKImage.FromBitmap(image);
        canvas.DrawImage(source, Place(image.Width, image.Height, width), Sampling);
        canvas.Flush();
        return target;
    }

    private SKRect Place(int width, int height, int targetWidth)
    {
        var targetHeight = _options.Height;
        switch (_options.Mode)
        {
            case ResizeMode.Stretch:
                return new SKRect(0, 0, targetWidth, targetHeight);
            case ResizeMode.Height:
                var scaled = Math.Min(targetWidth, (int)Math.Ceiling(targetHeight * (double)width / height));
                return new SKRect(0, 0, scaled, targetHeight);
            default:
                var scale = Math.Min(targetWidth / (double)width, targetHeight / (double)height);
                var (w, h) = ((float)Math.Round(width * scale), (float)Math.Round(height * scale));
                var (x, y) = _options.Center ? ((targetWidth - w) / 2, (targetHeight - h) / 2) : (0f, 0f);
                return new SKRect(x, y, x + w, y + h);
        }
    }
}
