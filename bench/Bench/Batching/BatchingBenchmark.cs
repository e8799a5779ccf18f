using System.Globalization;
using System.Net;
using System.Text;
using Modelplane.Bench.Comparison;
using Modelplane.Bench.Machine;
using Modelplane.Bench.Mlp;
using Modelplane.Bench.Processes;
using Modelplane.Bench.Reporting;
using Modelplane.Bench.Wrk;
using static Modelplane.Bench.Comparison.MeasuredRun;

namespace Modelplane.Bench.Batching;

/// <summary>
/// DESIGN.md's batching target: rows/s of an MLP-class model with dynamic batching against the same predictor
/// running every request alone (batch size 1), one row per request, under the same closed-loop load.
/// </summary>
internal sealed class BatchingBenchmark(BenchArguments arguments, ChildProcessTracker tracker)
{
    public const string Name = "batching";

    private const string BodyFile = "bench/wrk/generated/mlp-infer.json";
    private const string InferPath = "/v2/models/mlp/infer";
    private const int ManyConnections = 32;
    private const int OneConnection = 1;
    private const int MaxBatchSize = 32;

    private static readonly FigureTarget ThroughputTarget = FigureTarget.AtLeastRatio(3.0);
    private static readonly FigureTarget TailTarget = FigureTarget.AtMostRatio(2.0);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        Executable.Require("wrk", "wrk", Name);

        var pinning = CpuPinning.Detect();
        var machine = await MachineInfo.CollectAsync(root, tracker, cancellationToken);
        var startedAt = DateTimeOffset.Now;
        return await ServerLogs.KeepOnFailureAsync(async logs =>
        {
            var repository = Path.Combine(logs.FullName, "models");
            Console.Write(await MlpModel.BuildAsync(root, repository, tracker, cancellationToken));
            var body = MlpModel.Body(MlpModel.Rows(1, seed: 7));
            Directory.CreateDirectory(Path.Combine(root, "bench", "wrk", "generated"));
            await File.WriteAllTextAsync(Path.Combine(root, BodyFile), body, cancellationToken);

            var alone = new ServerSpec("alone", "services/Predictor/bin/Release/net10.0/Modelplane.Predictor.dll", ["--model-repository", repository, "--grpc_port", "-1"], "/v2/health/ready");
            var batched = alone with
            {
                Name = "batched",
                Arguments = [.. alone.Arguments, $"--Serving:Batching:MaxBatchSize={MaxBatchSize}", "--Serving:Batching:MaxQueueDelayMicroseconds=0"],
            };
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var launcher = new ServerLauncher(root, logs.FullName, pinning, tracker, http);
            var wrk = new WrkRunner(root, WrkScript.PostJson(BodyFile), pinning, tracker);
            var runs = new AlternatingRuns(wrk, arguments);
            Console.WriteLine($"Dynamic batching on an MLP (256 -> 4096 -> 4096 -> 16), one row per request: up to {MaxBatchSize} rows per run against every request alone");
            Console.WriteLine($"pinning: {pinning.Description}");
            await using var aloneServer = await launcher.StartAnnouncedAsync(alone, cancellationToken);
            await using var batchedServer = await launcher.StartAnnouncedAsync(batched, cancellationToken);
            var expected = await ValidateAsync(http, aloneServer, body, cancellationToken);
            var answer = await ValidateAsync(http, batchedServer, body, cancellationToken);
            if (answer != expected)
            {
                throw new BenchmarkException($"the batched predictor answered {answer}, the other {expected}");
            }

            var results = await runs.MeasureAsync(
                [new LoadTarget(alone.Name, new Uri(aloneServer.BaseAddress, InferPath), [aloneServer]), new LoadTarget(batched.Name, new Uri(batchedServer.BaseAddress, InferPath), [batchedServer])],
                [ManyConnections, OneConnection],
                cancellationToken);
            ComparisonRow Row(string figure, int connections, Func<WrkResult, double> value, string format, FigureTarget? target = null) =>
                new(figure, value(results[(alone.Name, connections)]), value(results[(batched.Name, connections)]), format, target);
            var table = new ComparisonTable(alone.Name, batched.Name,
            [
                Row("32 connections: rows/s", ManyConnections, r => r.RequestsPerSecond, "N0", ThroughputTarget),
                Row("32 connections: p50 (ms)", ManyConnections, r => r.P50Milliseconds, "0.000"),
                Row("32 connections: p99 (ms)", ManyConnections, r => r.P99Milliseconds, "0.000", TailTarget),
                Row("1 connection: p50 (ms)", OneConnection, r => r.P50Milliseconds, "0.000"),
                Row("1 connection: p99 (ms)", OneConnection, r => r.P99Milliseconds, "0.000"),
                Row("1 connection: rows/s", OneConnection, r => r.RequestsPerSecond, "N0"),
            ]);
            Console.WriteLine();
            Console.Write(table.ToText());

            var report = new ResultsReport("Dynamic batching on an MLP-class model", startedAt, arguments, machine);
            void Line(string text) => report.Line(text);

            Line($"| load generator | {machine.Wrk}, 1 thread, `--latency` |");
            Line($"| pinning | {pinning.Description} |");
            Line($"| model | `dotnet run --project models/ModelBuilder -- mlp`: 256 features, two hidden layers of 4,096 with ReLU, 16 classes, fixed pseudo-random weights (17.9 M parameters, 72 MB) |");
            Line($"| request | `POST {InferPath}`, one row of 256 FP32 values (JSON, {Encoding.UTF8.GetByteCount(body):N0} bytes) |");
            Line($"| alone | `{string.Join(' ', launcher.CommandFor(alone with { Arguments = ["--model-repository", "MODELS", "--grpc_port", "-1"] }))}` |");
            Line($"| batched | the same with `--Serving:Batching:MaxBatchSize={MaxBatchSize} --Serving:Batching:MaxQueueDelayMicroseconds=0`: requests that wait together run together, none waits for others |");
            Line($"| runs | alone then batched at 32 connections, then both at 1; {Seconds(arguments.Duration)} measured each after a discarded warm-up ({Seconds(arguments.Warmup)} first, {Seconds(runs.Settle)} later) |");
            Line(string.Empty);
            report.Append(table.ToMarkdown());
            Line(string.Empty);
            Line("Ratios are batched ÷ alone; one row per request, so requests/s are rows/s. Target (DESIGN.md): at least 3× the rows/s of batch size 1 at a p99 at most 2× its p99.");
            await report.RecordAsync(root, "batching", startedAt, cancellationToken);
            return 0;
        });
    }

    private static async Task<string> ValidateAsync(HttpClient http, ServerProcess server, string body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(server.BaseAddress, InferPath), new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK || !text.Contains("\"probabilities\"", StringComparison.Ordinal))
        {
            throw new BenchmarkException($"{server.Spec.Name} answered {(int)response.StatusCode} '{text}' instead of 200 with probabilities{server.LogTail()}");
        }

        Console.WriteLine($"  {server.Spec.Name} answers: {text[..Math.Min(text.Length, 120)]}...");
        return text;
    }
}
