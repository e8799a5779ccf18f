using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Modelplane.Bench.Comparison;
using Modelplane.Bench.Machine;
using static Modelplane.Bench.Comparison.MeasuredRun;
using Modelplane.Bench.Processes;
using Modelplane.Bench.Reporting;
using Modelplane.Bench.Wrk;

namespace Modelplane.Bench.PredictorRest;

/// <summary>
/// DESIGN.md's first two targets: the predictor's v2 REST inference on iris against a bare Kestrel JSON echo,
/// both measured in the same run under the same conditions.
/// </summary>
internal sealed class PredictorRestBenchmark(BenchArguments arguments, ChildProcessTracker tracker)
{
    public const string Name = "predictor";

    private const string BodyFile = "bench/wrk/iris-infer.json";
    private const string EchoPath = "/echo";
    private const string InferPath = "/v2/models/iris/infer";
    private const int ManyConnections = 32;
    private const int OneConnection = 1;

    private static readonly FigureTarget ThroughputTarget = FigureTarget.AtLeastRatio(0.70);
    private static readonly FigureTarget LatencyTarget = FigureTarget.AtMostRatio(2.0);

    private static readonly ServerSpec Echo = new(
        "echo", "bench/EchoServer/bin/Release/net10.0/Modelplane.EchoServer.dll", [], ReadinessPath: null);

    private static readonly ServerSpec Predictor = new(
        "predictor", "services/Predictor/bin/Release/net10.0/Modelplane.Predictor.dll", ["--model-repository", "models"], "/v2/health/ready");

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        Executable.Require("wrk", "wrk", Name);

        var body = await File.ReadAllBytesAsync(Path.Combine(root, BodyFile), cancellationToken);
        var pinning = CpuPinning.Detect();
        var machine = await MachineInfo.CollectAsync(root, tracker, cancellationToken);
        var startedAt = DateTimeOffset.Now;
        var wrk = new WrkRunner(root, WrkScript.PostJson(BodyFile), pinning, tracker);
        var runs = new AlternatingRuns(wrk, arguments);

        Console.WriteLine(
            $"Predictor v2 REST (iris) against a bare Kestrel echo: {Seconds(arguments.Duration)} measured per run, after a "
            + $"{Seconds(arguments.Warmup)} warm-up for each fresh server and {Seconds(runs.Settle)} before every later run");
        Console.WriteLine($"pinning: {pinning.Description}");

        return await ServerLogs.KeepOnFailureAsync(async logs =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var launcher = new ServerLauncher(root, logs.FullName, pinning, tracker, http);
            await using var echo = await launcher.StartAnnouncedAsync(Echo, cancellationToken);
            await using var predictor = await launcher.StartAnnouncedAsync(Predictor, cancellationToken);
            await ValidateEchoAsync(http, echo, body, cancellationToken);
            await ValidatePredictorAsync(http, predictor, body, cancellationToken);

            var results = await runs.MeasureAsync(
                [new LoadTarget(Echo.Name, new Uri(echo.BaseAddress, EchoPath), [echo]), new LoadTarget(Predictor.Name, new Uri(predictor.BaseAddress, InferPath), [predictor])],
                [ManyConnections, OneConnection],
                cancellationToken);
            var table = BuildTable(results);
            Console.WriteLine();
            Console.Write(table.ToText());

            var report = Report(table, machine, pinning, launcher, wrk, runs, startedAt, body.Length);
            await report.RecordAsync(root, "predictor-rest", startedAt, cancellationToken);
            return 0;
        });
    }

    private static async Task ValidateEchoAsync(HttpClient http, ServerProcess echo, byte[] body, CancellationToken cancellationToken)
    {
        var (status, mediaType, answer) = await PostAsync(http, new Uri(echo.BaseAddress, EchoPath), body, cancellationToken);
        if (status != HttpStatusCode.OK || mediaType != "application/json" || !answer.AsSpan().SequenceEqual(body))
        {
            throw new BenchmarkException($"echo answered {(int)status} {mediaType} '{Encoding.UTF8.GetString(answer)}' instead of 200 application/json with the request body");
        }
    }

    /// <summary>Once, before any load: a broken predictor would otherwise be measured answering errors at full speed.</summary>
    private static async Task ValidatePredictorAsync(HttpClient http, ServerProcess predictor, byte[] body, CancellationToken cancellationToken)
    {
        var (status, _, answer) = await PostAsync(http, new Uri(predictor.BaseAddress, InferPath), body, cancellationToken);
        var text = Encoding.UTF8.GetString(answer);
        if (status != HttpStatusCode.OK || !text.Contains("\"label\"", StringComparison.Ordinal))
        {
            throw new BenchmarkException($"POST {InferPath} answered {(int)status} '{text}' instead of 200 with a \"label\" output{predictor.LogTail()}");
        }

        Console.WriteLine($"  predictor answers POST {InferPath}: {text}");
    }

    private static async Task<(HttpStatusCode Status, string? MediaType, byte[] Body)> PostAsync(
        HttpClient http, Uri url, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await http.PostAsync(url, content, cancellationToken);
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync(cancellationToken));
        }
        catch (HttpRequestException e)
        {
            throw new BenchmarkException($"POST {url} failed: {e.Message}", e);
        }
    }

    private static ComparisonTable BuildTable(Dictionary<(string Target, int Connections), WrkResult> results)
    {
        ComparisonRow Row(string figure, int connections, Func<WrkResult, double> value, string format, FigureTarget? target = null) =>
            new(figure, value(results[(Echo.Name, connections)]), value(results[(Predictor.Name, connections)]), format, target);

        return new ComparisonTable(Echo.Name, Predictor.Name,
        [
            Row("32 connections: requests/s", ManyConnections, r => r.RequestsPerSecond, "N0", ThroughputTarget),
            Row("32 connections: p50 (ms)", ManyConnections, r => r.P50Milliseconds, "0.000"),
            Row("32 connections: p99 (ms)", ManyConnections, r => r.P99Milliseconds, "0.000"),
            Row("1 connection: p50 (ms)", OneConnection, r => r.P50Milliseconds, "0.000", LatencyTarget),
            Row("1 connection: p99 (ms)", OneConnection, r => r.P99Milliseconds, "0.000"),
            Row("1 connection: requests/s", OneConnection, r => r.RequestsPerSecond, "N0"),
        ]);
    }

    private ResultsReport Report(
        ComparisonTable table,
        MachineInfo machine,
        CpuPinning pinning,
        ServerLauncher launcher,
        WrkRunner wrk,
        AlternatingRuns runs,
        DateTimeOffset startedAt,
        int bodyLength)
    {
        var report = new ResultsReport("Predictor v2 REST against a bare Kestrel echo", startedAt, arguments, machine);
        void Line(string text) => report.Line(text);

        Line($"| load generator | {machine.Wrk}, 1 thread, `--latency` |");
        Line($"| pinning | {pinning.Description} |");
        Line($"| runs | echo then predictor at 32 connections, then both at 1; {Seconds(arguments.Duration)} measured each, after a discarded warm-up at the same connection count: {Seconds(arguments.Warmup)} for the first run of each server, {Seconds(runs.Settle)} for the second |");
        Line($"| request | `POST {InferPath}` (predictor) and `POST {EchoPath}` (echo), both with `{BodyFile}` ({bodyLength} bytes) |");
        Line($"| echo | `{string.Join(' ', launcher.CommandFor(Echo))}` |");
        Line($"| predictor | `{string.Join(' ', launcher.CommandFor(Predictor))}` (from the repository root) |");
        Line($"| wrk | `{string.Join(' ', wrk.CommandFor("URL", ManyConnections, arguments.Duration))}`, and `-c1` |");
        Line(string.Empty);
        report.Append(table.ToMarkdown());
        Line(string.Empty);
        Line("Ratios are predictor ÷ echo. Targets (DESIGN.md): throughput at 32 connections at least 0.70× the echo's; "
            + "p50 at 1 connection at most 2× the echo's. Latencies are wrk's percentiles (closed loop: each connection "
            + "sends its next request when the previous answer arrives). Runs with any socket error or status >= 400 are rejected, not recorded.");
        return report;
    }

}
