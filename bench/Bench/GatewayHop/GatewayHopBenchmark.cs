using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Modelplane.Bench.Comparison;
using Modelplane.Bench.Machine;
using Modelplane.Bench.Processes;
using Modelplane.Bench.Reporting;
using Modelplane.Bench.Wrk;
using static Modelplane.Bench.Comparison.MeasuredRun;

namespace Modelplane.Bench.GatewayHop;

/// <summary>
/// DESIGN.md's gateway target: v2 REST inference on iris through the gateway against the same predictor called
/// directly, in the same run, with the gateway and the predictor sharing the server CPU.
/// </summary>
internal sealed class GatewayHopBenchmark(BenchArguments arguments, ChildProcessTracker tracker)
{
    public const string Name = "gateway";

    private const string BodyFile = "bench/wrk/iris-infer.json";
    private const string InferPath = "/v2/models/iris/infer";
    private const string RevisionHeader = "x-modelplane-revision";
    private const int ManyConnections = 32;
    private const int OneConnection = 1;

    private static readonly FigureTarget ThroughputTarget = FigureTarget.AtLeastRatio(0.45);
    private static readonly FigureTarget LatencyTarget = FigureTarget.AtMostMore(0.15, "ms");

    private static readonly ServerSpec Predictor = new(
        "direct", "services/Predictor/bin/Release/net10.0/Modelplane.Predictor.dll", ["--model-repository", "models", "--grpc_port", "0"], "/v2/health/ready", ServesGrpc: true);

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
            $"Gateway hop: v2 REST (iris) through the gateway against the predictor called directly: {Seconds(arguments.Duration)} measured "
            + $"per run, after a {Seconds(arguments.Warmup)} warm-up for each path and {Seconds(runs.Settle)} before every later run");
        Console.WriteLine($"pinning: {pinning.Description} (the gateway and the predictor share the server CPU)");

        return await ServerLogs.KeepOnFailureAsync(async logs =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var launcher = new ServerLauncher(root, logs.FullName, pinning, tracker, http);
            await using var predictor = await launcher.StartAnnouncedAsync(Predictor, cancellationToken);
            var routes = Path.Combine(logs.FullName, "routes.json");
            await File.WriteAllTextAsync(routes, RouteTable(predictor.BaseAddress, predictor.GrpcAddress), cancellationToken);
            var gatewaySpec = Gateway(routes);
            await using var gateway = await launcher.StartAnnouncedAsync(gatewaySpec, cancellationToken);
            await ValidateAsync(http, new Uri(predictor.BaseAddress, InferPath), body, throughGateway: false, cancellationToken);
            await ValidateAsync(http, new Uri(gateway.BaseAddress, InferPath), body, throughGateway: true, cancellationToken);

            var results = await runs.MeasureAsync(
                [
                    new LoadTarget(Predictor.Name, new Uri(predictor.BaseAddress, InferPath), [predictor]),
                    new LoadTarget(gatewaySpec.Name, new Uri(gateway.BaseAddress, InferPath), [gateway, predictor]),
                ],
                [ManyConnections, OneConnection],
                cancellationToken);

            var table = BuildTable(results, gatewaySpec.Name);
            Console.WriteLine();
            Console.Write(table.ToText());

            var report = Report(table, machine, pinning, launcher, gatewaySpec, wrk, runs, startedAt, body.Length);
            await report.RecordAsync(root, "gateway-hop", startedAt, cancellationToken);
            return 0;
        });
    }

    private static ServerSpec Gateway(string routeTable) => new(
        "gateway", "services/Gateway/bin/Release/net10.0/Modelplane.Gateway.dll", ["--route-table", routeTable, "--grpc_port", "-1"], "/v2/health/ready");

    /// <summary>
    /// One service, iris, whose one revision is the predictor with its REST and HTTP/2 (gRPC) addresses: the simplest
    /// table the AppHost writes. The gateway sends REST over the HTTP/2 one, as it does in the AppHost.
    /// </summary>
    private static string RouteTable(Uri predictor, Uri predictorHttp2) => new JsonObject
    {
        ["services"] = new JsonArray(new JsonObject
        {
            ["name"] = "iris",
            ["revisions"] = new JsonArray(new JsonObject
            {
                ["name"] = "default",
                ["predictor"] = new JsonObject
                {
                    ["http"] = new JsonArray(predictor.ToString()),
                    ["grpc"] = new JsonArray(predictorHttp2.ToString()),
                },
            }),
        }),
    }.ToJsonString();

    /// <summary>Once, before any load: a broken path would otherwise be measured answering errors at full speed.</summary>
    private static async Task ValidateAsync(HttpClient http, Uri url, byte[] body, bool throughGateway, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(url, content, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new BenchmarkException($"POST {url} failed: {e.Message}", e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var revision = response.Headers.TryGetValues(RevisionHeader, out var values) ? values.Single() : null;
            if (response.StatusCode != HttpStatusCode.OK || !text.Contains("\"label\"", StringComparison.Ordinal) || (throughGateway && revision != "default"))
            {
                throw new BenchmarkException(
                    $"POST {url} answered {(int)response.StatusCode} '{text}' (revision {revision ?? "none"}) instead of 200 with a \"label\" output"
                    + (throughGateway ? " from revision default" : string.Empty));
            }

            Console.WriteLine($"  POST {url}: {text}");
        }
    }

    private static ComparisonTable BuildTable(Dictionary<(string Target, int Connections), WrkResult> results, string gateway)
    {
        ComparisonRow Row(string figure, int connections, Func<WrkResult, double> value, string format, FigureTarget? target = null) =>
            new(figure, value(results[(Predictor.Name, connections)]), value(results[(gateway, connections)]), format, target);

        return new ComparisonTable(Predictor.Name, gateway,
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
        ServerSpec gateway,
        WrkRunner wrk,
        AlternatingRuns runs,
        DateTimeOffset startedAt,
        int bodyLength)
    {
        var gatewayCommand = launcher.CommandFor(gateway with { Arguments = ["--route-table", "ROUTES.json", "--grpc_port", "-1"] });
        var report = new ResultsReport("Gateway hop: through the gateway against the predictor directly", startedAt, arguments, machine);
        void Line(string text) => report.Line(text);

        Line($"| load generator | {machine.Wrk}, 1 thread, `--latency` |");
        Line($"| pinning | {pinning.Description}; the gateway and the predictor share the server CPU, so both paths have the same CPU to spend |");
        Line($"| runs | direct then through the gateway at 32 connections, then both at 1; {Seconds(arguments.Duration)} measured each, after a discarded warm-up at the same connection count: {Seconds(arguments.Warmup)} for the first run of each path, {Seconds(runs.Settle)} for the second |");
        Line($"| request | `POST {InferPath}` with `{BodyFile}` ({bodyLength} bytes), to the predictor and to the gateway |");
        Line($"| predictor | `{string.Join(' ', launcher.CommandFor(Predictor))}` (from the repository root) |");
        Line($"| gateway | `{string.Join(' ', gatewayCommand)}`, where ROUTES.json routes service iris, revision default, to the predictor's REST and HTTP/2 (gRPC) addresses as the AppHost writes it; the gateway forwards REST over HTTP/2, many requests on one connection, once 4 are in flight (`Gateway:RestOverHttp2InFlight`), so at 32 connections, and over HTTP/1.1 at 1; its sockets complete inline, on the socket event threads (`DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS`, on unless set); it reads a body of up to 64 KiB whole and sends it with its headers (`Gateway:WholeBodyBytes`) |");
        Line($"| wrk | `{string.Join(' ', wrk.CommandFor("URL", ManyConnections, arguments.Duration))}`, and `-c1` |");
        Line(string.Empty);
        report.Append(table.ToMarkdown());
        Line(string.Empty);
        Line("Ratios are gateway ÷ direct. Targets (DESIGN.md): throughput through the gateway at least 0.45× direct at 32 connections; "
            + "p50 at 1 connection at most 0.15 ms above direct. Latencies are wrk's percentiles (closed loop). Runs with any socket error "
            + "or status >= 400 are rejected, not recorded.");
        return report;
    }
}
