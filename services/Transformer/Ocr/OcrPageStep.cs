using System.Runtime.InteropServices;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Tensors;
using Modelplane.Transformer.Images;
using Modelplane.Transformer.Pipeline;
using SkiaSharp;

namespace Modelplane.Transformer.Ocr;

/// <summary>
/// <c>ocr.page</c>: one page, scaled as PaddleOCR's detector wants it (<see cref="DetectionResize"/>), to the
/// detector's FP32 NCHW tensor. The page itself stays in the context for <c>ocr.lines</c> to cut its lines from.
/// </summary>
internal sealed class OcrPageStep : IRequestStep
{
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.None);

    private readonly OcrPageOptions _options;
    private readonly ImageTensorStep _tensor;

    public OcrPageStep(OcrPageOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Input, "Input");
        if (options.LimitSideLength < 32)
        {
            throw new ArgumentException($"LimitSideLength is {options.LimitSideLength}; it must be 32 or more");
        }

        _options = options;
        _tensor = new ImageTensorStep(new ImageTensorOptions
        {
            Input = options.Input,
            ColorOrder = options.ColorOrder,
            Mean = options.Mean,
            Std = options.Std,
        });
    }

    public ValueTask ApplyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var images = context.Images;
        if (images.Count != 1)
        {
            // Pages differ in size, and the detector's map must be read back at each page's own scale.
            throw InferenceException.BadRequest($"model '{context.ModelName}' reads one page per request; the request has {images.Count}");
        }

        var page = images[0];
        var (width, height) = DetectionResize.Size(page.Width, page.Height, _options.LimitSideLength);
        using var scaled = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(scaled))
        using (var source = SKImage.FromBitmap(page))
        {
            canvas.DrawImage(source, new SKRect(0, 0, width, height), Sampling);
        }

        var data = new byte[3 * width * height * sizeof(float)];
        _tensor.Write(scaled, MemoryMarshal.Cast<byte, float>(data.AsSpan()));
        context.Inputs.Add(new InferenceTensor(_options.Input, TensorDataType.FP32, [1, 3, height, width], data));
        return ValueTask.CompletedTask;
    }
}
