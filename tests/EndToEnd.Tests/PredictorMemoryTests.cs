using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Modelplane.ModelBuilder.Onnx;
using Xunit.Abstractions;
using DataType = Modelplane.ModelBuilder.Onnx.TensorProto.Types.DataType;

namespace Modelplane.EndToEnd.Tests;

/// <summary>
/// One predictor process loads and unloads a model with a 4 MB weight many times through the repository API; what
/// each load took must be given back, so resident memory stops growing once the allocators have warmed up.
/// </summary>
public sealed class PredictorMemoryTests(ITestOutputHelper output)
{
    private const int Width = 1024;
    private const int Cycles = 50;
    private const int WarmUpCycles = 5;

    // A session kept loaded holds about 9 MB (the 4 MB weight and the copy ONNX Runtime packs it into), so 45 left
    // behind would add some 400 MB, and even the weights alone 180 MB: twice this bound. The rest is room for the
    // allocators: glibc keeps freed blocks for reuse and the GC grows its heaps in steps, which made 8 to 58 MB of
    // growth over these cycles on a 2-core machine.
    private const long GrowthBound = 90L * 1024 * 1024;

    [Fact]
    public async Task Loading_and_unloading_a_large_model_50_times_keeps_resident_memory_within_a_bound()
    {
        using var repository = new TemporaryDirectory("memory-repository");
        var weights = Weights();
        WideModel(weights).Save(repository.Combine("wide", "1", "model.onnx"));
        await using var predictor = ServerProcess.Start("Predictor", ["--model-repository", repository.FullPath, "--model-control-mode", "explicit"]);
        using var client = await predictor.WaitUntilReadyAsync();

        long afterWarmUp = 0;
        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            await LoadInferUnloadAsync(client, weights, row: cycle * 37 % Width);
            if (cycle == WarmUpCycles)
            {
                afterWarmUp = ResidentBytes(predictor.Id);
            }
        }

        var atEnd = ResidentBytes(predictor.Id);
        var growth = atEnd - afterWarmUp;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"VmRSS after {WarmUpCycles} cycles: {afterWarmUp / 1024} kB; after {Cycles}: {atEnd / 1024} kB; growth {growth / 1024} kB (bound {GrowthBound / 1024} kB)"));
        Assert.True(growth < GrowthBound, $"resident memory grew by {growth / 1024} kB over {Cycles - WarmUpCycles} load/unload cycles (bound {GrowthBound / 1024} kB)");
    }

    private static async Task LoadInferUnloadAsync(HttpClient client, float[] weights, int row)
    {
        var load = await PostAsync(client, "/v2/repository/models/wide/load", string.Empty);
        Assert.True(load.Status == HttpStatusCode.OK, $"load: {load.Body}");
        Assert.Equal("""{"name":"wide","load":true}""", load.Body);

        // A one-hot row picks out one row of the weight, exactly: the answer proves the weight was loaded whole.
        var input = new int[Width];
        input[row] = 1;
        var infer = await PostAsync(
            client,
            "/v2/models/wide/infer",
            $$"""{"inputs": [{"name": "x", "datatype": "FP32", "shape": [1, {{Width}}], "data": [{{string.Join(",", input)}}]}]}""");
        Assert.True(infer.Status == HttpStatusCode.OK, $"infer: {infer.Body}");
        var answer = JsonNode.Parse(infer.Body)!["outputs"]![0]!["data"]!.AsArray().Select(v => BitConverter.SingleToInt32Bits(v!.GetValue<float>()));
        Assert.Equal(weights.AsSpan(row * Width, Width).ToArray().Select(BitConverter.SingleToInt32Bits), answer);

        var unload = await PostAsync(client, "/v2/repository/models/wide/unload", string.Empty);
        Assert.True(unload.Status == HttpStatusCode.OK, $"unload: {unload.Body}");
        var gone = await PostAsync(client, "/v2/models/wide/infer", """{"inputs": []}""");
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient client, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // The process's resident set, as the kernel counts it.
    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kilobytes * 1024;
    }

    private static float[] Weights()
    {
        var random = new Random(6);
        var weights = new float[Width * Width];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return weights;
    }

    // y = x · W, with W a 1024×1024 FP32 initializer (4 MB in the file, and as much in memory per loaded session).
    private static OnnxGraphBuilder WideModel(float[] weights)
    {
        var graph = new OnnxGraphBuilder("wide");
        graph.AddInput("x", DataType.Float, ["batch", Width])
            .AddInitializer("w", [Width, Width], weights);
        graph.AddNode("MatMul", ["x", "w"], ["y"]);
        graph.AddOutput("y", DataType.Float, ["batch", Width]);
        return graph;
    }
}
