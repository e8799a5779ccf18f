using System.Text;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Models;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;
using Modelplane.Transformer.Pipeline;
using SkiaSharp;

namespace Modelplane.Transformer.Ocr;

/// <summary>
/// <c>ocr.lines</c>: the detector's probability map to the page's text lines, as PaddleOCR's system does it: boxes by
/// <see cref="DbPostProcess"/> in <see cref="ReadingOrder"/>, each cut upright (<see cref="LineCrop"/>), all of them
/// through this transformer's own classifier pipeline (lines it finds turned 180° are turned back) and recognizer
/// pipeline in one batch each. Gives one row per line: <c>text</c>, <c>confidence</c> and <c>box</c> (4 corners × x, y).
/// </summary>
internal sealed class OcrLinesStep : IResponseStep, IDescribesTensors, IReadsRequestImages
{
    private const string TextOutput = "text";
    private const string ConfidenceOutput = "confidence";
    private const string BoxOutput = "box";
    private const string Upside = "180";

    private readonly OcrLinesOptions _options;
    private readonly ModelRegistry _models;

    public OcrLinesStep(OcrLinesOptions options, ModelRegistry models)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Output, "Output");
        ArgumentException.ThrowIfNullOrEmpty(options.Recognizer, "Recognizer");
        ArgumentException.ThrowIfNullOrEmpty(options.ImageField, "ImageField");
        if (options.Threshold is <= 0 or >= 1 || options.BoxThreshold is < 0 or > 1 || options.UnclipRatio < 0 || options.MaxCandidates < 1)
        {
            throw new ArgumentException(
                $"Threshold must be between 0 and 1 (is {options.Threshold}), BoxThreshold from 0 to 1 (is {options.BoxThreshold}), UnclipRatio 0 or more (is {options.UnclipRatio}), MaxCandidates 1 or more (is {options.MaxCandidates})");
        }

        _options = options;
        _models = models;
    }

    public IEnumerable<TensorMetadata> Tensors =>
        [new(TextOutput, TensorDataType.Bytes, [-1]), new(ConfidenceOutput, TensorDataType.FP32, [-1]), new(BoxOutput, TensorDataType.FP32, [-1, 4, 2])];

    public async ValueTask ApplyAsync(ResponseContext context, CancellationToken cancellationToken)
    {
        var map = context.Get(_options.Output);
        if (map.DataType != TensorDataType.FP32 || map.Shape.Length != 4 || map.Shape[0] != 1 || map.Shape[1] != 1)
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"output '{map.Name}' is {map.DataType.ToProtocolName()} {TensorShape.Format(map.Shape)}; ocr.lines needs a probability map shaped [1, 1, height, width]");
        }

        if (context.Images.Count != 1)
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"model '{context.ModelName}': ocr.lines needs the page; put image.decode and ocr.page before the predictor");
        }

        var page = context.Images[0];
        var boxes = DbPostProcess.Boxes(map.AsSpan<float>(), (int)map.Shape[3], (int)map.Shape[2], page.Width, page.Height, _options);
        ReadingOrder.Sort(boxes);

        var lines = new List<SKBitmap>(boxes.Count);
        try
        {
            using (var image = SKImage.FromBitmap(page))
            {
                lines.AddRange(boxes.Select(box => LineCrop.Crop(image, box)));
            }

            var texts = new string[lines.Count];
            var confidences = new float[lines.Count];
            if (lines.Count > 0)
            {
                await TurnUpsideDownLinesAsync(context.ModelName, lines, cancellationToken);
                await ReadAsync(context.ModelName, lines, texts, confidences, cancellationToken);
            }

            var corners = new float[boxes.Count * 8];
            for (var i = 0; i < boxes.Count; i++)
            {
                for (var c = 0; c < 4; c++)
                {
                    (corners[(i * 8) + (c * 2)], corners[(i * 8) + (c * 2) + 1]) = (boxes[i][c].X, boxes[i][c].Y);
                }
            }

            context.Replace(
                _options.Output,
                InferenceTensor.FromStrings(TextOutput, [texts.Length], texts),
                InferenceTensor.FromValues<float>(ConfidenceOutput, TensorDataType.FP32, [confidences.Length], confidences),
                InferenceTensor.FromValues<float>(BoxOutput, TensorDataType.FP32, [boxes.Count, 4, 2], corners));
        }
        finally
        {
            foreach (var line in lines)
            {
                line.Dispose();
            }
        }
    }

    private async Task TurnUpsideDownLinesAsync(string model, List<SKBitmap> lines, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_options.Classifier))
        {
            return;
        }

        var outputs = await RunAsync(model, _options.Classifier, "Classifier", lines, cancellationToken);
        var angles = Strings(Find(outputs, "angle", _options.Classifier));
        var scores = Find(outputs, "score", _options.Classifier).ToDoubles();
        for (var i = 0; i < lines.Count; i++)
        {
            if (angles[i] == Upside && scores[i] >= _options.ClassifierThreshold)
            {
                var turned = new SKBitmap(lines[i].Info);
                using (var canvas = new SKCanvas(turned))
                {
                    canvas.RotateDegrees(180, lines[i].Width / 2f, lines[i].Height / 2f);
                    canvas.DrawBitmap(lines[i], 0, 0);
                }

                lines[i].Dispose();
                lines[i] = turned;
            }
        }
    }

    private async Task ReadAsync(string model, List<SKBitmap> lines, string[] texts, float[] confidences, CancellationToken cancellationToken)
    {
        var outputs = await RunAsync(model, _options.Recognizer, "Recognizer", lines, cancellationToken);
        Strings(Find(outputs, "text", _options.Recognizer)).CopyTo(texts, 0);
        var scores = Find(outputs, "score", _options.Recognizer).ToDoubles();
        for (var i = 0; i < confidences.Length; i++)
        {
            confidences[i] = (float)scores[i];
        }
    }

    // The lines go to the named pipeline of this transformer as PNG files, the form its image.decode step reads, so
    // the classifier and recognizer run exactly as they do for a client.
    private async Task<IReadOnlyList<InferenceTensor>> RunAsync(string model, string pipeline, string setting, List<SKBitmap> lines, CancellationToken cancellationToken)
    {
        var files = new List<ReadOnlyMemory<byte>>(lines.Count);
        foreach (var line in lines)
        {
            using var data = line.Encode(SKEncodedImageFormat.Png, 100);
            files.Add(data.ToArray());
        }

        var request = new InferenceRequest
        {
            Inputs = [new InferenceTensor(_options.ImageField, TensorDataType.Bytes, [lines.Count], BytesElements.Encode(files))],
        };
        try
        {
            using var lease = _models.Acquire(pipeline);
            var response = await lease.InferAsync(request, cancellationToken);
            return response.Outputs;
        }
        catch (InferenceException e) when (e.Kind == InferenceErrorKind.NotFound)
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"model '{model}': ocr.lines names '{pipeline}' as its {setting}, which this transformer does not serve", e);
        }
    }

    private static InferenceTensor Find(IReadOnlyList<InferenceTensor> outputs, string name, string pipeline) =>
        outputs.FirstOrDefault(o => o.Name == name) ?? throw new InferenceException(
            InferenceErrorKind.Internal,
            $"pipeline '{pipeline}' gave no output '{name}' (it gave: {string.Join(", ", outputs.Select(o => o.Name))})");

    private static string[] Strings(InferenceTensor tensor) => [.. BytesElements.Enumerate(tensor.Data).Select(e => Encoding.UTF8.GetString(e.Span))];
}
