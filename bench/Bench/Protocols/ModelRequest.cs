using System.Buffers.Binary;
using System.Globalization;

namespace Modelplane.Bench.Protocols;

/// <summary>
/// A model under test and the one FP32 request every protocol sends it: the same input, the same outputs expected,
/// and what a correct answer holds beyond its outputs' names, types and shapes.
/// </summary>
internal sealed class ModelRequest
{
    public const string InputName = "input";

    private readonly Func<ModelRequest, IReadOnlyDictionary<string, byte[]>, string?> _checkAnswer;

    private ModelRequest(
        string model,
        long[] shape,
        float[] values,
        IReadOnlyList<ExpectedOutput> outputs,
        Func<ModelRequest, IReadOnlyDictionary<string, byte[]>, string?> checkAnswer)
    {
        Model = model;
        Shape = shape;
        Values = values;
        Outputs = outputs;
        _checkAnswer = checkAnswer;
        InputBytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(InputBytes.AsSpan(i * sizeof(float)), values[i]);
        }
    }

    public string Model { get; }

    public IReadOnlyList<long> Shape { get; }

    public IReadOnlyList<float> Values { get; }

    /// <summary>The input as the protocol's binary layout has it: FP32, little-endian.</summary>
    public byte[] InputBytes { get; }

    public IReadOnlyList<ExpectedOutput> Outputs { get; }

    /// <summary>How the table names the request: the model and its input, e.g. <c>identity 1×3×224×224</c>.</summary>
    public string Label => $"{Model} {string.Join('×', Shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))}";

    /// <summary>The iris classifier on one row of four features; the same row as <c>bench/wrk/iris-infer.json</c>.</summary>
    public static ModelRequest Iris() => new(
        "iris",
        [1, 4],
        [6.8f, 2.8f, 4.8f, 1.4f],
        [new ExpectedOutput("label", "INT64", [1]), new ExpectedOutput("probabilities", "FP32", [1, 3])],
        static (_, answer) => BinaryPrimitives.ReadInt64LittleEndian(answer["label"]) == 1
            ? null
            : $"label is {BinaryPrimitives.ReadInt64LittleEndian(answer["label"])}, not 1 (versicolor)");

    /// <summary>
    /// The identity model on one ImageNet-sized image, 602,112 bytes of FP32: pseudo-random pixels normalized with
    /// ImageNet's channel means and deviations, so the JSON carries the numbers a real client would send (about ten
    /// characters each), not short integers that would flatter the JSON codec.
    /// </summary>
    public static ModelRequest Identity()
    {
        const int Plane = 224 * 224;
        float[] mean = [0.485f, 0.456f, 0.406f];
        float[] deviation = [0.229f, 0.224f, 0.225f];
        var values = new float[3 * Plane];
        var state = 2463534242u;
        for (var i = 0; i < values.Length; i++)
        {
            // xorshift32: the same image on every machine and every run.
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            var channel = i / Plane;
            values[i] = ((state >> 24) / 255f - mean[channel]) / deviation[channel];
        }

        return new ModelRequest(
            "identity",
            [1, 3, 224, 224],
            values,
            [new ExpectedOutput("output", "FP32", [1, 3, 224, 224])],
            static (request, answer) => answer["output"].AsSpan().SequenceEqual(request.InputBytes)
                ? null
                : "output is not the input, byte for byte");
    }

    /// <summary>Null when the outputs, as little-endian bytes by name, are what this model must answer; else what is wrong.</summary>
    public string? CheckAnswer(IReadOnlyDictionary<string, byte[]> outputs) => _checkAnswer(this, outputs);
}
