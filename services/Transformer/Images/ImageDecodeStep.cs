using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;
using Modelplane.Transformer.Pipeline;
using SkiaSharp;

namespace Modelplane.Transformer.Images;

/// <summary>
/// <c>image.decode</c>: each row's JPEG, PNG or WebP file to an image (8-bit RGBA). The size is read from the file's
/// header first, so an image over <see cref="ImageDecodeOptions.MaxPixels"/> is refused (413) before any pixel is decoded.
/// </summary>
internal sealed class ImageDecodeStep : IRequestStep, IDescribesTensors
{
    private readonly ImageDecodeOptions _options;

    public ImageDecodeStep(ImageDecodeOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Field, "Field");
        if (options.MaxPixels <= 0)
        {
            throw new ArgumentException($"MaxPixels is {options.MaxPixels}; it must be more than 0");
        }

        _options = options;
    }

    public IEnumerable<TensorMetadata> Tensors => [new(_options.Field, TensorDataType.Bytes, [-1])];

    public ValueTask ApplyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var values = context.Read(_options.Field);
        var images = new List<SKBitmap>(values.Count);
        try
        {
            foreach (var value in values)
            {
                images.Add(Decode(value.GetBinary(), value.Where));
            }
        }
        catch
        {
            foreach (var image in images)
            {
                image.Dispose();
            }

            throw;
        }

        context.Images = images;
        context.ImageSources = [.. values.Select(v => v.Where)];
        return ValueTask.CompletedTask;
    }

    private SKBitmap Decode(ReadOnlyMemory<byte> file, string where)
    {
        using var data = SKData.CreateCopy(file.Span);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Png or SKEncodedImageFormat.Webp))
        {
            var kind = codec is null ? "not an image" : $"a {Name(codec.EncodedFormat)} image";
            throw InferenceException.BadRequest($"{where} is {kind}; send a JPEG, PNG or WebP file ({file.Length} bytes, starting {Start(file.Span)})");
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if ((long)width * height > _options.MaxPixels)
        {
            throw InferenceException.PayloadTooLarge(
                $"{where} is {width}×{height} = {(long)width * height} pixels, over the limit of {_options.MaxPixels} (MaxPixels of image.decode); refused before decoding");
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw InferenceException.BadRequest(result == SKCodecResult.IncompleteInput
                ? $"{where}: the {Name(codec.EncodedFormat)} image is truncated ({file.Length} bytes end before its {width}×{height} pixels do)"
                : $"{where}: the {Name(codec.EncodedFormat)} image is damaged and cannot be decoded ({result})");
        }

        return bitmap;
    }

    private static string Name(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => "JPEG",
        SKEncodedImageFormat.Png => "PNG",
        SKEncodedImageFormat.Webp => "WebP",
        _ => format.ToString().ToUpperInvariant(),
    };

    private static string Start(ReadOnlySpan<byte> file)
    {
        var head = file[..Math.Min(file.Length, 8)];
        return head.IsEmpty ? "nothing" : Convert.ToHexString(head);
    }
}
