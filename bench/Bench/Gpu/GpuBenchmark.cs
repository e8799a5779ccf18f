using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Modelplane.Bench.Comparison;
using Modelplane.Bench.Machine;
using Modelplane.Bench.Mlp;
using Modelplane.Bench.Processes;
using Modelplane.Bench.Reporting;
using Modelplane.Bench.Wrk;
using static Modelplane.Bench.Comparison.MeasuredRun;

namespace Modelplane.Bench.Gpu;

/// <summary>
/// The predictor's GPU flavour (CUDA, and TensorRT when asked) against the predictor on the CPU, the same MLP and the
/// same dynamic batching, one row per request, and PaddleOCR's line classifier and recognizer: every GPU path's answers are checked against the CPU's within
/// <see cref="Tolerance"/> before and after the load (a wrong answer fails the run), then rows/s, p50 and p99 at 32 and
/// at 1 concurrent requests. Runs on a machine with an NVIDIA GPU (<c>bash bench/gpu/run</c> checks for one and builds
/// the GPU flavour).
/// </summary>
internal sealed class GpuBenchmark(BenchArguments arguments, ChildProcessTracker tracker)
{
    public const string Name = "gpu";

    /// <summary>The largest absolute difference between a GPU's answer and the CPU's that is still the same answer.</summary>
    public const double Tolerance = 1e-3;

    private const string CpuAssembly = "services/Predictor/bin/Release/net10.0/Modelplane.Predictor.dll";
    private const string GpuAssembly = "services/Predictor/bin/gpu/Release/net10.0/Modelplane.Predictor.dll";
    private const string BodyFile = "bench/wrk/generated/gpu-mlp-infer.json";
    private const string OcrBodyFile = "bench/wrk/generated/gpu-ocr-cls-infer.json";
    private const string InferPath = "/v2/models/mlp/infer";
    private const int ClassifierWidth = 192;
    private const int RecognizerWidth = 320;
    private const int CheckedRows = 8;
    private const int ManyConnections = 32;
    private const int OneConnection = 1;
    private const int MaxBatchSize = 32;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        Executable.Require("wrk", "wrk", Name);
        if (!Executable.IsOnPath("nvidia-smi"))
        {
            throw new BenchmarkException("nvidia-smi is not on PATH: this benchmark needs an NVIDIA GPU and its driver; `bash bench/gpu/run` checks for everything it needs");
        }

        if (!File.Exists(Path.Combine(root, GpuAssembly)))
        {
            throw new BenchmarkException($"{GpuAssembly} is not built; `bash bench/gpu/run` builds it (dotnet build services/Predictor -c Release -p:OnnxRuntimeFlavor=Gpu)");
        }

        var pinning = CpuPinning.Detect();
        var machine = await MachineInfo.CollectAsync(root, tracker, cancellationToken);
        var (_, gpus) = await Executable.RunAsync(["nvidia-smi", "-L"], root, tracker, cancellationToken);
        var startedAt = DateTimeOffset.Now;
        return await ServerLogs.KeepOnFailureAsync(async logs =>
        {
            var repository = Path.Combine(logs.FullName, "models");
            await MlpModel.BuildAsync(root, repository, tracker, cancellationToken);
            await OcrLines.FetchAsync(root, repository, tracker, cancellationToken);
            Directory.CreateDirectory(Path.Combine(root, "bench", "wrk", "generated"));
            await File.WriteAllTextAsync(Path.Combine(root, BodyFile), MlpModel.Body(MlpModel.Rows(1, seed: 7)), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(root, OcrBodyFile), OcrLines.Body(1, ClassifierWidth, seed: 7), cancellationToken);

            // Both flavours batch alike: what waits together runs together, up to 32 rows, and a lone request never waits.
            var cpu = new ServerSpec(
                "cpu",
                CpuAssembly,
                ["--model-repository", repository, "--grpc_port", "-1", $"--Serving:Batching:MaxBatchSize={MaxBatchSize}", "--Serving:Batching:MaxQueueDelayMicroseconds=0"],
                "/v2/health/ready");
            var onGpus = arguments.Providers.Select(provider => cpu with
            {
                Name = provider,
                Assembly = GpuAssembly,
                Arguments = [.. cpu.Arguments, $"--Serving:Onnx:ExecutionProvider={provider}", .. EngineCache(provider, logs)],
            }).ToList();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            var launcher = new ServerLauncher(root, logs.FullName, pinning, tracker, http);
            Console.WriteLine($"The predictor on the GPU ({string.Join(", ", arguments.Providers)}) against the CPU, dynamic batching on, one row per request of the MLP (256 -> 4096 -> 4096 -> 16) and of PaddleOCR's line classifier");
            Console.WriteLine($"GPUs: {gpus.Trim()}");
            Console.WriteLine($"pinning: {pinning.Description}");
            var servers = new List<ServerProcess>();
            try
            {
                foreach (var spec in (ServerSpec[])[cpu, .. onGpus])
                {
                    servers.Add(await launcher.StartAnnouncedAsync(spec, cancellationToken));
                }

                await CheckAnswersAsync(http, servers, "before the load", cancellationToken);
                var runs = new AlternatingRuns(new WrkRunner(root, WrkScript.PostJson(BodyFile), pinning, tracker), arguments);
                var results = await runs.MeasureAsync(
                    [.. servers.Select(s => new LoadTarget(s.Spec.Name, new Uri(s.BaseAddress, InferPath), [s]))],
                    [ManyConnections, OneConnection],
                    cancellationToken);
                var ocrRuns = new AlternatingRuns(new WrkRunner(root, WrkScript.PostJson(OcrBodyFile), pinning, tracker), arguments);
                var ocrResults = await ocrRuns.MeasureAsync(
                    [.. servers.Select(s => new LoadTarget(s.Spec.Name, new Uri(s.BaseAddress, $"/v2/models/{OcrLines.Classifier}/infer"), [s]))],
                    [ManyConnections, OneConnection],
                    cancellationToken);
                await CheckAnswersAsync(http, servers, "after the load", cancellationToken);

                var table = Table(results, onGpus, "rows/s");
                var ocrTable = Table(ocrResults, onGpus, "lines/s");
                Console.WriteLine();
                Console.WriteLine("MLP, one row per request");
                Console.Write(table.ToText());
                Console.WriteLine();
                Console.WriteLine($"OCR line classifier ({OcrLines.Classifier}), one 48 x {ClassifierWidth} line per request");
                Console.Write(ocrTable.ToText());
                var report = new ResultsReport("The predictor on a GPU against the CPU", startedAt, arguments, machine);
                report.Line($"| GPUs | {gpus.Trim().ReplaceLineEndings("; ")} |");
                report.Line($"| load generator | {machine.Wrk}, 1 thread, `--latency` |");
                report.Line($"| pinning | {pinning.Description} |");
                report.Line($"| model | `dotnet run --project models/ModelBuilder -- mlp`: 256 features, two hidden layers of 4,096 with ReLU, 16 classes (17.9 M parameters) |");
                report.Line($"| OCR models | `bash models/ocr/fetch` into the same repository: PaddleOCR's line classifier `{OcrLines.Classifier}` (ch_ppocr_mobile_v2.0_cls) and recognizer `{OcrLines.Recognizer}` (ch_PP-OCRv4_rec) |");
                report.Line($"| request | `POST {InferPath}`, one row of 256 FP32 values (JSON); `POST /v2/models/{OcrLines.Classifier}/infer`, one line image of 3 × 48 × {ClassifierWidth} FP32 values (JSON) |");
                report.Line($"| cpu | `{string.Join(' ', launcher.CommandFor(cpu with { Arguments = [.. cpu.Arguments.Select(a => a == repository ? "MODELS" : a)] }))}` |");
                report.Line($"| on the GPU | the GPU flavour ({GpuAssembly}) with the same arguments and `--Serving:Onnx:ExecutionProvider=PROVIDER` |");
                report.Line(string.Create(CultureInfo.InvariantCulture, $"| answers | {CheckedRows} MLP rows one by one and together, {CheckedRows} line images through the classifier together and 2 through the recognizer, before and after the load: every GPU output within {Tolerance:G3} (absolute) of the CPU's |"));
                report.Line($"| runs | every server at 32 connections, then at 1; {Seconds(arguments.Duration)} measured each after a discarded warm-up ({Seconds(arguments.Warmup)} first, {Seconds(runs.Settle)} later) |");
                report.Line(string.Empty);
                report.Line("MLP, one row per request:");
                report.Line(string.Empty);
                report.Append(table.ToMarkdown());
                report.Line(string.Empty);
                report.Line($"OCR line classifier, one line per request:");
                report.Line(string.Empty);
                report.Append(ocrTable.ToMarkdown());
                report.Line(string.Empty);
                report.Line("Ratios are the GPU ÷ the CPU; one row or line per request, so requests/s are rows or lines/s.");
                await report.RecordAsync(root, Name, startedAt, cancellationToken);
                return 0;
            }
            finally
            {
                foreach (var server in servers)
                {
                    await server.DisposeAsync();
                }
            }
        });
    }

    // TensorRT builds an engine per input shape on first use; kept with the run's output, a shape is built once.
    private static string[] EngineCache(string provider, DirectoryInfo logs) =>
        provider == "tensorrt" ? [$"--Serving:Onnx:TensorRtEngineCacheDirectory={Path.Combine(logs.FullName, "tensorrt-engines")}"] : [];

    /// <summary>
    /// Sends the same requests to every server (MLP rows one by one and together, line images to the OCR classifier
    /// and recognizer), and fails the run, naming the server, the request and the value, when a GPU's answer differs
    /// from the CPU's (the first server's) by more than <see cref="Tolerance"/>.
    /// </summary>
    private static async Task CheckAnswersAsync(HttpClient http, List<ServerProcess> servers, string when, CancellationToken cancellationToken)
    {
        var rows = MlpModel.Rows(CheckedRows, seed: 11);
        var requests = rows.Select((row, i) => (Path: InferPath, What: $"MLP row {i} alone", Body: MlpModel.Body([row])))
            .Append((InferPath, $"the {rows.Length} MLP rows together", MlpModel.Body(rows)))
            .Append(($"/v2/models/{OcrLines.Classifier}/infer", $"{CheckedRows} line images through {OcrLines.Classifier}", OcrLines.Body(CheckedRows, ClassifierWidth, seed: 11)))
            .Append(($"/v2/models/{OcrLines.Recognizer}/infer", $"2 line images through {OcrLines.Recognizer}", OcrLines.Body(2, RecognizerWidth, seed: 11)))
            .ToList();
        var expected = new List<JsonNode>();
        foreach (var (path, _, body) in requests)
        {
            expected.Add(await AnswerAsync(http, servers[0], path, body, cancellationToken));
        }

        foreach (var server in servers.Skip(1))
        {
            for (var i = 0; i < requests.Count; i++)
            {
                var (path, what, body) = requests[i];
                if (AnswerComparison.Difference(expected[i], await AnswerAsync(http, server, path, body, cancellationToken), Tolerance) is { } difference)
                {
                    throw new BenchmarkException($"{server.Spec.Name} answers wrongly {when}: for {what}, {difference} (the CPU's answer is the reference)");
                }
            }
        }

        Console.WriteLine($"  answers {when}: {string.Join(", ", servers.Skip(1).Select(s => s.Spec.Name))} within {Tolerance.ToString("G3", CultureInfo.InvariantCulture)} of the CPU on {requests.Count} requests");
    }

    private static async Task<JsonNode> AnswerAsync(HttpClient http, ServerProcess server, string path, string body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(server.BaseAddress, path), new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.StatusCode == HttpStatusCode.OK && JsonNode.Parse(text) is { } answer
            ? answer
            : throw new BenchmarkException($"{server.Spec.Name} answered {(int)response.StatusCode} '{text}' instead of 200 with probabilities{server.LogTail()}");
    }

    private static CandidatesTable Table(Dictionary<(string Target, int Connections), WrkResult> results, IReadOnlyList<ServerSpec> onGpus, string perSecond)
    {
        CandidatesRow Row(string figure, int connections, Func<WrkResult, double> value, string format) =>
            new(figure, value(results[("cpu", connections)]), [.. onGpus.Select(g => value(results[(g.Name, connections)]))], format, []);
        return new CandidatesTable(
            ("cpu", "cpu"),
            [.. onGpus.Select(g => (g.Name, g.Name))],
            [
                Row($"32 concurrent: {perSecond}", ManyConnections, r => r.RequestsPerSecond, "N0"),
                Row("32 concurrent: p50 (ms)", ManyConnections, r => r.P50Milliseconds, "0.000"),
                Row("32 concurrent: p99 (ms)", ManyConnections, r => r.P99Milliseconds, "0.000"),
                Row($"1 concurrent: {perSecond}", OneConnection, r => r.RequestsPerSecond, "N0"),
                Row("1 concurrent: p50 (ms)", OneConnection, r => r.P50Milliseconds, "0.000"),
                Row("1 concurrent: p99 (ms)", OneConnection, r => r.P99Milliseconds, "0.000"),
            ]);
    }
}
