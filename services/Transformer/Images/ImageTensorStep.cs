using System.Runtime.InteropServices;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Tensors;
using Modelplane.Transformer.Pipeline;
using SkiaSharp;

namespace Modelplane.Transformer.Images;

/// <summary>
/// <c>image.tensor</c>: the images, all of one size, to one FP32 tensor for the predictor, batched along the first
/// dimension, channels ordered, scaled and normalized as the options say.
/// </summary>
internal sealed class ImageTensorStep : IRequestStep
{
    private readonly ImageTensorOptions _options;
    private readonly float[] _multiply = new float[3];
    private readonly float[] _add = new float[3];

    public ImageTensorStep(ImageTensorOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Input, "Input");
        var mean = options.Mean ?? [0, 0, 0];
        var std = options.Std ?? [1, 1, 1];
        if (mean.Count != 3 || std.Count != 3)
        {
            throw new ArgumentException($"Mean and Std need three values each, one per channel (they have {mean.Count} and {std.Count})");
        }

        if (std.Any(s => s == 0 || !float.IsFinite(s)))
        {
            throw new ArgumentException("Std values must be finite and not 0");
        }

        // (p × scale − mean) / std, folded into one multiply and one add per value.
        for (var c = 0; c < 3; c++)
        {
            _multiply[c] = options.Scale / std[c];
            _add[c] = -mean[c] / std[c];
        }

        _options = options;
    }

    public ValueTask ApplyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var images = context.Images;
        if (images.Count == 0)
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"model '{context.ModelName}': image.tensor has no images; put an image.decode step before it");
        }

        var (width, height) = (images[0].Width, images[0].Height);
        for (var i = 1; i < images.Count; i++)
        {
            if (images[i].Width != width || images[i].Height != height)
            {
                throw InferenceException.BadRequest(
                    $"{Source(context, i)} is {images[i].Width}×{images[i].Height} but {Source(context, 0)} is {width}×{height}; images sent together must be one size (or the pipeline must resize them)");
            }
        }

        var plane = width * height;
        var data = new byte[images.Count * plane * 3 * sizeof(float)];
        var values = MemoryMarshal.Cast<byte, float>(data.AsSpan());
        for (var n = 0; n < images.Count; n++)
        {
            Write(images[n], values.Slice(n * plane * 3, plane * 3));
        }

        long[] shape = _options.Layout == TensorLayout.Nchw ? [images.Count, 3, height, width] : [images.Count, height, width, 3];
        context.Inputs.Add(new InferenceTensor(_options.Input, TensorDataType.FP32, shape, data));
        return ValueTask.CompletedTask;
    }

    /// <summary>One image's values as the options say, into <paramref name="output"/> (width × height × 3 values).</summary>
    internal void Write(SKBitmap image, Span<float> output)
    {
        var plane = image.Width * image.Height;
        var pixels = image.GetPixelSpan();
        var (red, blue) = _options.ColorOrder == ColorOrder.Rgb ? (0, 2) : (2, 0);
        for (var p = 0; p < plane; p++)
        {
            var rgba = pixels.Slice(p * 4, 4);
            if (_options.Layout == TensorLayout.Nchw)
            {
                output[(red * plane) + p] = (rgba[0] * _multiply[red]) + _add[red];
                output[plane + p] = (rgba[1] * _multiply[1]) + _add[1];
                output[(blue * plane) + p] = (rgba[2] * _multiply[blue]) + _add[blue];
            }
            else
            {
                output[(p * 3) + red] = (rgba[0] * _multiply[red]) + _add[red];
                output[(p * 3) + 1] = (rgba[1] * _multiply[1]) + _add[1];
                output[(p * 3) + blue] = (rgba[2] * _multiply[blue]) + _add[blue];
            }
        }
    }

    private static string Source(RequestContext context, int index) =>
        index < context.ImageSources.Count ? context.ImageSources[index] : $"image {index}";
}
