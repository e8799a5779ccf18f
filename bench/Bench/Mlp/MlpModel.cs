using System.Text.Json.Nodes;
using Modelplane.Bench.Processes;

namespace Modelplane.Bench.Mlp;

/// <summary>
/// The MLP-class model the batching and GPU benchmarks load (<c>dotnet run --project models/ModelBuilder -- mlp</c>:
/// 256 features, two hidden layers of 4,096, 16 classes), built rather than committed, and its requests.
/// </summary>
internal static class MlpModel
{
    public const int Features = 256;

    /// <summary>Builds the model into the repository <paramref name="repository"/> and returns what the builder printed.</summary>
    public static async Task<string> BuildAsync(string root, string repository, ChildProcessTracker tracker, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await Executable.RunAsync(
            ["dotnet", "models/ModelBuilder/bin/Release/net10.0/Modelplane.ModelBuilder.dll", "mlp", "--output", repository], root, tracker, cancellationToken);
        return exitCode == 0 ? output : throw new BenchmarkException($"building the MLP failed:\n{output}");
    }

    /// <summary>Rows of the model's features in [-1, 1], the same on every run for a seed.</summary>
    public static double[][] Rows(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, Features).Select(_ => Math.Round((random.NextDouble() * 2) - 1, 4)).ToArray())];
    }

    /// <summary>A v2 inference request for <paramref name="rows"/>, as one FP32 tensor.</summary>
    public static string Body(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = "input",
                ["datatype"] = "FP32",
                ["shape"] = new JsonArray(rows.Count, Features),
                ["data"] = new JsonArray([.. rows.SelectMany(r => r).Select(v => (JsonNode)v)]),
            }),
        }.ToJsonString();
    }
}
