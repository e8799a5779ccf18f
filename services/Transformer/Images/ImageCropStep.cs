using Modelplane.Serving.Errors;
using Modelplane.Transformer.Pipeline;
using SkiaSharp;

namespace Modelplane.Transformer.Images;

/// <summary><c>image.crop</c>: a box of each image, such as ImageNet's centre crop after a resize.</summary>
internal sealed class ImageCropStep : IRequestStep
{
    private readonly ImageCropOptions _options;

    public ImageCropStep(ImageCropOptions options)
    {
        if (options.Width <= 0 || options.Height <= 0 || options.X < 0 || options.Y < 0)
        {
            throw new ArgumentException($"Width and Height must be more than 0 and X and Y not negative (they are {options.Width}, {options.Height}, {options.X}, {options.Y})");
        }

        _options = options;
    }

    public ValueTask ApplyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var images = context.Images;
        var cropped = new SKBitmap[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i];
            var x = _options.X ?? (image.Width - _options.Width) / 2;
            var y = _options.Y ?? (image.Height - _options.Height) / 2;
            if (x < 0 || y < 0 || x + _options.Width > image.Width || y + _options.Height > image.Height)
            {
                foreach (var done in cropped.Take(i))
                {
                    done.Dispose();
                }

                var where = i < context.ImageSources.Count ? context.ImageSources[i] : $"image {i}";
                throw InferenceException.BadRequest(
                    $"{where} is {image.Width}×{image.Height}; the crop of {_options.Width}×{_options.Height} at ({x}, {y}) does not fit inside it");
            }

            var box = new SKBitmap(new SKImageInfo(_options.Width, _options.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
            if (!image.ExtractSubset(box, SKRectI.Create(x, y, _options.Width, _options.Height)))
            {
                box.Dispose();
                throw new InvalidOperationException($"cropping {image.Width}×{image.Height} to {_options.Width}×{_options.Height} at ({x}, {y}) failed");
            }

            // The subset shares the source's pixels, which the context releases; the copy owns its own.
            cropped[i] = box.Copy();
            box.Dispose();
        }

        context.Images = cropped;
        return ValueTask.CompletedTask;
    }
}
