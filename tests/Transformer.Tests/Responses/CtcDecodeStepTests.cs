using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;
using Modelplane.Transformer.Pipeline;
using Modelplane.Transformer.Responses;

namespace Modelplane.Transformer.Tests.Responses;

/// <summary>Greedy CTC decoding on hand-made scores: repeats collapse, a blank between them keeps both, the space follows the dictionary.</summary>
public sealed class CtcDecodeStepTests : IDisposable
{
    // Classes: 0 blank, 1 "a", 2 "b", 3 "l", 4 " " (after the dictionary).
    private readonly TemporaryDirectory _directory = new("ctc");

    public CtcDecodeStepTests() => File.WriteAllLines(_directory.Combine("keys.txt"), ["a", "b", "l"]);

    [Theory]
    [InlineData(new[] { 2, 1, 1, 3, 3 }, "bal")]
    [InlineData(new[] { 3, 0, 3, 1 }, "lla")]
    [InlineData(new[] { 0, 1, 4, 4, 2, 0 }, "a b")]
    [InlineData(new[] { 0, 0, 0 }, "")]
    public async Task Repeats_collapse_blanks_drop_and_classes_map_to_the_dictionary(int[] best, string text)
    {
        var context = Context(best);

        await Step().ApplyAsync(context, CancellationToken.None);

        Assert.Equal(["text", "score"], context.Outputs.Select(o => o.Name));
        Assert.Equal(text, System.Text.Encoding.UTF8.GetString(BytesElements.Enumerate(context.Outputs[0].Data).Single().Span));
        Assert.Equal(text.Length == 0 ? 0f : 0.9f, context.Outputs[1].AsSpan<float>()[0], 3);
    }

    [Fact]
    public async Task A_dictionary_that_does_not_fit_the_output_is_reported()
    {
        var context = Context([1, 2], classes: 7);

        var error = await Assert.ThrowsAsync<Serving.Errors.InferenceException>(() => Step().ApplyAsync(context, CancellationToken.None).AsTask());

        Assert.Equal("output 'probs' has 7 classes, but the dictionary with blank and space gives 5; is it the model's dictionary?", error.Message);
    }

    public void Dispose() => _directory.Dispose();

    private CtcDecodeStep Step() => new(
        new CtcDecodeOptions { Output = "probs", Dictionary = _directory.Combine("keys.txt") },
        new PipelineFiles(Options.Create(new TransformerOptions())));

    // One row whose best class at step t is best[t], with score 0.9 there and the rest shared out.
    private static ResponseContext Context(int[] best, int classes = 5)
    {
        var scores = new float[best.Length * classes];
        for (var t = 0; t < best.Length; t++)
        {
            for (var c = 0; c < classes; c++)
            {
                scores[(t * classes) + c] = c == best[t] ? 0.9f : 0.1f / (classes - 1);
            }
        }

        var output = new InferenceTensor("probs", TensorDataType.FP32, [1, best.Length, classes], MemoryMarshal.AsBytes(scores.AsSpan()).ToArray());
        return new ResponseContext("ocr", new InferenceResponse { ModelName = "ocr", Outputs = [output] });
    }
}
