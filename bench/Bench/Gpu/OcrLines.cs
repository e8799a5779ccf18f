using System.Text.Json.Nodes;
using Modelplane.Bench.Processes;

namespace Modelplane.Bench.Gpu;

/// <summary>
/// PaddleOCR's text-line models as the GPU benchmark loads them (<c>bash models/ocr/fetch REPOSITORY</c>): the
/// orientation classifier (<c>ocr-cls</c>, a 48 × 192 line image, two scores) and the recognizer (<c>ocr-rec</c>, a
/// 48 × 320 line image, the character probabilities of 40 positions), with line images made from a seed, the same on
/// every run, in the [-1, 1] range the models are given.
/// </summary>
internal static class OcrLines
{
    public const string Classifier = "ocr-cls";
    public const string Recognizer = "ocr-rec";

    /// <summary>Lays the OCR models out in the repository <paramref name="repository"/>.</summary>
    public static async Task FetchAsync(string root, string repository, ChildProcessTracker tracker, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await Executable.RunAsync(["bash", "models/ocr/fetch", repository], root, tracker, cancellationToken);
        if (exitCode != 0)
        {
            throw new BenchmarkException($"fetching the OCR models failed:\n{output}");
        }
    }

    /// <summary>A v2 inference request for <paramref name="count"/> line images of <paramref name="width"/> pixels.</summary>
    public static string Body(int count, int width, int seed)
    {
        var random = new Random(seed);
        var values = new JsonArray();
        for (var i = 0; i < count * 3 * 48 * width; i++)
        {
            values.Add(Math.Round((random.NextDouble() * 2) - 1, 3));
        }

        return new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = "x",
                ["datatype"] = "FP32",
                ["shape"] = new JsonArray(count, 3, 48, width),
                ["data"] = values,
            }),
        }.ToJsonString();
    }
}
