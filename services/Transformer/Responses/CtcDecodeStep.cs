using System.Runtime.InteropServices;
using System.Text;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;
using Modelplane.Transformer.Pipeline;

namespace Modelplane.Transformer.Responses;

/// <summary>
/// <c>ctc-decode</c>: greedy CTC decoding of a text recognizer's output, as PaddleOCR's: the best class at each step,
/// repeats collapsed, blanks dropped, classes looked up in the character dictionary.
/// </summary>
internal sealed class CtcDecodeStep : IResponseStep, IDescribesTensors
{
    private readonly CtcDecodeOptions _options;
    private readonly string[] _characters;

    public CtcDecodeStep(CtcDecodeOptions options, PipelineFiles files)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Output, "Output");
        if (options.Blank < 0)
        {
            throw new ArgumentException($"Blank is {options.Blank}; it must be a class index, 0 or more");
        }

        var lines = File.ReadAllLines(files.Resolve(options.Dictionary, "Dictionary")).Select(l => l.TrimEnd('\r', '\n')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        // Class indices: the blank where configured, then the dictionary in order, then the space if configured.
        var characters = new List<string>(lines);
        if (options.SpaceAfterDictionary)
        {
            characters.Add(" ");
        }

        characters.Insert(Math.Min(options.Blank, characters.Count), string.Empty);
        _characters = [.. characters];
        _options = options;
    }

    public IEnumerable<TensorMetadata> Tensors =>
        [new(_options.TextOutput, TensorDataType.Bytes, [-1]), new(_options.ScoreOutput, TensorDataType.FP32, [-1])];

    public ValueTask ApplyAsync(ResponseContext context, CancellationToken cancellationToken)
    {
        var output = context.Get(_options.Output);
        if (output.Shape.Length != 3 || output.DataType == TensorDataType.Bytes)
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"output '{output.Name}' is {output.DataType.ToProtocolName()} {TensorShape.Format(output.Shape)}; ctc-decode needs scores shaped [batch, steps, classes]");
        }

        var (rows, steps, classes) = ((int)output.Shape[0], (int)output.Shape[1], (int)output.Shape[2]);
        if (classes != _characters.Length)
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"output '{output.Name}' has {classes} classes, but the dictionary with blank{(_options.SpaceAfterDictionary ? " and space" : string.Empty)} gives {_characters.Length}; is it the model's dictionary?");
        }

        var values = output.ToDoubles();
        var texts = new string[rows];
        var scores = new float[rows];
        var text = new StringBuilder();
        for (var row = 0; row < rows; row++)
        {
            text.Clear();
            var previous = -1;
            var sum = 0.0;
            var count = 0;
            for (var t = 0; t < steps; t++)
            {
                var step = values.AsSpan(((row * steps) + t) * classes, classes);
                var best = 0;
                for (var c = 1; c < classes; c++)
                {
                    if (step[c] > step[best])
                    {
                        best = c;
                    }
                }

                if (best != _options.Blank && best != previous)
                {
                    text.Append(_characters[best]);
                    sum += step[best];
                    count++;
                }

                previous = best;
            }

            texts[row] = text.ToString();
            scores[row] = count == 0 ? 0 : (float)(sum / count);
        }

        context.Replace(
            output.Name,
            InferenceTensor.FromStrings(_options.TextOutput, [rows], texts),
            new InferenceTensor(_options.ScoreOutput, TensorDataType.FP32, [rows], MemoryMarshal.AsBytes(scores.AsSpan()).ToArray()));
        return ValueTask.CompletedTask;
    }
}
