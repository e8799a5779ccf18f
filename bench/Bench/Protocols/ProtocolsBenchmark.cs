using System.Globalization;
using Grpc.Net.Client;
using Modelplane.Bench.Comparison;
using Modelplane.Bench.H2load;
using Modelplane.Bench.Machine;
using Modelplane.Bench.Processes;
using Modelplane.Bench.Reporting;
using Modelplane.Bench.Wrk;
using Modelplane.Serving.Grpc.V2;
using static Modelplane.Bench.Comparison.MeasuredRun;

namespace Modelplane.Bench.Protocols;

/// <summary>
/// Issue 3's protocol comparison: the same inference over v2 REST JSON, v2 REST with binary tensors and v2 gRPC
/// <c>ModelInfer</c> with raw contents, against one predictor process, for a tiny request (iris, one row) and an
/// image-sized one (identity, 1×3×224×224 FP32, 602,112 bytes), with REST JSON as the reference. gRPC is measured twice
/// at 32 concurrent requests: on 32 connections of one call each, and as a client channel sends them, 32 streams of
/// one HTTP/2 connection; at one request in flight both are the same run.
/// </summary>
internal sealed class ProtocolsBenchmark(BenchArguments arguments, ChildProcessTracker tracker)
{
    public const string Name = "protocols";

    /// <summary>Where the REST bodies are written, relative to the repository root; generated each run, not committed.</summary>
    private const string BodyDirectory = "bench/wrk/generated";
    private const string GrpcMethodPath = "/inference.GRPCInferenceService/ModelInfer";
    private const int ManyConnections = 32;
    private const int OneConnection = 1;

    /// <summary>Load before a measured run on a path that has already been warmed up: it only settles the new connection count.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5);

    /// <summary>wrk's per-request timeout: 32 connections of 1.6 MB JSON requests queue for seconds, past wrk's default 2 s.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private static readonly FigureTarget GrpcTarget = FigureTarget.AtLeastRatio(1.0);
    private static readonly FigureTarget BinaryTarget = FigureTarget.AtLeastRatio(3.0);

    private static readonly ServerSpec Predictor = new(
        "predictor",
        "services/Predictor/bin/Release/net10.0/Modelplane.Predictor.dll",
        ["--model-repository", "models", "--grpc_port", "0"],
        "/v2/health/ready",
        ServesGrpc: true);

    private static readonly Protocol[] Candidates = [Protocol.RestBinary, Protocol.Grpc, Protocol.GrpcChannel];

    /// <summary>The protocols checked to give the same answer; the channel only differs from gRPC in its connections.</summary>
    private static readonly Protocol[] Checked = [Protocol.RestJson, Protocol.RestBinary, Protocol.Grpc];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        Executable.Require("wrk", "wrk", Name);
        Executable.Require("h2load", "nghttp2-client", Name);

        var pinning = CpuPinning.Detect();
        var machine = await MachineInfo.CollectAsync(root, tracker, cancellationToken);
        var startedAt = DateTimeOffset.Now;
        ModelRequest[] requests = [ModelRequest.Iris(), ModelRequest.Identity()];

        Console.WriteLine(
            $"Predictor v2 REST JSON against REST binary and gRPC, on {string.Join(" and ", requests.Select(r => r.Label))}: "
            + $"{Seconds(arguments.Duration)} measured per run, after a {Seconds(arguments.Warmup)} warm-up for the first run of each "
            + $"model and protocol and {Seconds(Settle)} before every later run");
        Console.WriteLine($"pinning: {pinning.Description}");

        return await ServerLogs.KeepOnFailureAsync(async logs =>
        {
            var paths = requests.ToDictionary(r => r.Model, r => WriteBodies(root, logs.FullName, r));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            var launcher = new ServerLauncher(root, logs.FullName, pinning, tracker, http);
            Console.WriteLine($"starting {Predictor.Name}: {string.Join(' ', launcher.CommandFor(Predictor))}");
            await using var predictor = await launcher.StartAsync(Predictor, cancellationToken);
            Console.WriteLine($"  {Predictor.Name} (pid {predictor.Id}) ready on {predictor.BaseAddress} (REST) and {predictor.GrpcAddress} (gRPC)");

            using var channel = GrpcChannel.ForAddress(predictor.GrpcAddress);
            var check = new ProtocolCheck(http, new GRPCInferenceService.GRPCInferenceServiceClient(channel));
            foreach (var request in requests)
            {
                var bodies = paths[request.Model];
                bodies.GrpcResponseBytes = await check.CheckAllAsync(predictor.BaseAddress, request, bodies.Bodies, cancellationToken);
                Console.WriteLine(
                    $"  {request.Model} answers alike over {string.Join(", ", Checked.Select(p => p.Display()))}: "
                    + string.Join(", ", request.Outputs.Select(o => $"{o.Name} {o.DataType} [{string.Join(',', o.Shape)}]")));
            }

            var h2load = new H2loadRunner(root, logs.FullName, pinning, tracker);
            var results = new Dictionary<(string Model, Protocol Protocol, int Connections), ILoadResult>();
            var warmedUp = new HashSet<(string, Protocol)>();

            // Protocols alternate within each model and connection count, so the figures compared are measured close
            // together, not on either side of whatever else the machine did meanwhile. The first run of each model and
            // protocol gets the long warm-up: each path (JSON codec, binary framing, HTTP/2 and protobuf) has its own code
            // for tiered compilation and dynamic PGO to finish, and a short warm-up would measure half-compiled code.
            foreach (var request in requests)
            {
                foreach (var connections in (int[])[ManyConnections, OneConnection])
                {
                    foreach (var protocol in ProtocolNames.All)
                    {
                        if (protocol == Protocol.GrpcChannel && connections == OneConnection)
                        {
                            // One call in flight on one connection: the channel's run is the gRPC run.
                            results[(request.Model, protocol, connections)] = results[(request.Model, Protocol.Grpc, connections)];
                            continue;
                        }

                        var warmup = warmedUp.Add((request.Model, protocol)) ? arguments.Warmup : Settle;
                        results[(request.Model, protocol, connections)] = await MeasureAsync(
                            predictor, request, paths[request.Model], protocol, connections, warmup, root, pinning, h2load, check, cancellationToken);
                    }
                }
            }

            var table = BuildTable(requests, results);
            Console.WriteLine();
            Console.Write(table.ToText());

            var report = Report(table, machine, pinning, launcher, h2load, root, requests, paths, startedAt);
            await report.RecordAsync(root, "protocols", startedAt, cancellationToken);
            return 0;
        });
    }

    private TimeSpan Settle => SettleTime < arguments.Warmup ? SettleTime : arguments.Warmup;

    /// <summary>Writes the REST bodies under <see cref="BodyDirectory"/> and the gRPC body into the run's temporary directory.</summary>
    private static BodyFiles WriteBodies(string root, string temporaryDirectory, ModelRequest request)
    {
        var bodies = RequestBodies.Build(request);
        var files = new BodyFiles(
            bodies,
            Json: $"{BodyDirectory}/{request.Model}-infer.json",
            Binary: $"{BodyDirectory}/{request.Model}-infer.bin",
            Grpc: Path.Combine(temporaryDirectory, $"{request.Model}-infer.grpc"));
        Directory.CreateDirectory(Path.Combine(root, BodyDirectory));
        File.WriteAllBytes(Path.Combine(root, files.Json), bodies.Json);
        File.WriteAllBytes(Path.Combine(root, files.Binary), bodies.Binary);
        File.WriteAllBytes(files.Grpc, bodies.GrpcFramed);
        return files;
    }

    private async Task<ILoadResult> MeasureAsync(
        ServerProcess predictor,
        ModelRequest request,
        BodyFiles files,
        Protocol protocol,
        int connections,
        TimeSpan warmup,
        string root,
        CpuPinning pinning,
        H2loadRunner h2load,
        ProtocolCheck check,
        CancellationToken cancellationToken)
    {
        var (connectionCount, streams) = Connections(protocol, connections);
        var label = protocol == Protocol.GrpcChannel
            ? $"{request.Model}, {protocol.Display()}, {streams} streams"
            : $"{request.Model}, {protocol.Display()}, {connections} connection{(connections == 1 ? string.Empty : "s")}";
        Func<TimeSpan, Task<ILoadResult>> run = protocol switch
        {
            Protocol.Grpc or Protocol.GrpcChannel => async duration =>
            {
                var measured = await h2load.RunAsync(
                    new Uri(predictor.GrpcAddress, GrpcMethodPath), files.Grpc, connectionCount, streams, duration, files.GrpcResponseBytes, cancellationToken);
                await check.RecheckGrpcAsync(request, files.Bodies, cancellationToken);
                return measured;
            },
            _ => async duration => await Wrk(root, files, protocol, pinning).RunAsync(
                new Uri(predictor.BaseAddress, $"/v2/models/{request.Model}/infer"), connections, duration, cancellationToken),
        };

        return await MeasuredRun.RunAsync($"{label,-38}", warmup, arguments.Duration, run, predictor.ThrowIfExited, cancellationToken);
    }

    /// <summary>The connections and the streams on each that carry <paramref name="concurrency"/> requests in flight.</summary>
    private static (int Connections, int Streams) Connections(Protocol protocol, int concurrency) =>
        protocol == Protocol.GrpcChannel ? (1, concurrency) : (concurrency, 1);

    private WrkRunner Wrk(string root, BodyFiles files, Protocol protocol, CpuPinning pinning) => new(
        root,
        protocol == Protocol.RestJson ? WrkScript.PostJson(files.Json) : WrkScript.PostBinary(files.Binary, files.Bodies.BinaryJsonLength),
        pinning,
        tracker,
        RequestTimeout);

    private static CandidatesTable BuildTable(IReadOnlyList<ModelRequest> requests, Dictionary<(string Model, Protocol Protocol, int Connections), ILoadResult> results)
    {
        var rows = new List<CandidatesRow>();
        foreach (var request in requests)
        {
            CandidatesRow Row(string figure, int connections, Func<ILoadResult, double> value, string format, params FigureTarget?[] targets) => new(
                $"{request.Label}, {figure}",
                value(results[(request.Model, Protocol.RestJson, connections)]),
                [.. Candidates.Select(p => value(results[(request.Model, p, connections)]))],
                format,
                targets);

            // In Candidates order: REST binary, gRPC, gRPC on one channel. The binary target is issue 3's, for the large
            // tensor only; the gRPC target is judged as gRPC clients send concurrent calls, on one channel.
            FigureTarget?[] throughputTargets = request.Model == "identity" ? [BinaryTarget, null, GrpcTarget] : [null, null, GrpcTarget];
            rows.Add(Row("32 in flight: requests/s", ManyConnections, r => r.RequestsPerSecond, "N0", throughputTargets));
            rows.Add(Row("32 in flight: p50 (ms)", ManyConnections, r => r.P50Milliseconds, "0.000"));
            rows.Add(Row("32 in flight: p99 (ms)", ManyConnections, r => r.P99Milliseconds, "0.000"));
            rows.Add(Row("1 in flight: p50 (ms)", OneConnection, r => r.P50Milliseconds, "0.000"));
            rows.Add(Row("1 in flight: p99 (ms)", OneConnection, r => r.P99Milliseconds, "0.000"));
            rows.Add(Row("1 in flight: requests/s", OneConnection, r => r.RequestsPerSecond, "N0"));
        }

        return new CandidatesTable(
            (Protocol.RestJson.Display(), Protocol.RestJson.Short()),
            [.. Candidates.Select(p => (p.Display(), p.Short()))],
            rows);
    }

    private ResultsReport Report(
        CandidatesTable table,
        MachineInfo machine,
        CpuPinning pinning,
        ServerLauncher launcher,
        H2loadRunner h2load,
        string root,
        IReadOnlyList<ModelRequest> requests,
        Dictionary<string, BodyFiles> paths,
        DateTimeOffset startedAt)
    {
        var report = new ResultsReport("Predictor v2 protocols: REST JSON, REST binary and gRPC", startedAt, arguments, machine);
        void Line(string text) => report.Line(text);

        var example = paths[requests[^1].Model];

        Line($"| load generators | {machine.Wrk}, 1 thread, `--latency` (REST); {machine.H2load}, 1 thread (gRPC): 1 request in flight per connection, or for the channel 32 streams of 1 connection |");
        Line($"| pinning | {pinning.Description} |");
        Line($"| runs | one predictor for everything; per model, at 32 concurrent requests then at 1, REST JSON, REST binary, gRPC and gRPC on one channel in turn (at 1 request the channel is the gRPC run); {Seconds(arguments.Duration)} measured each, after a discarded warm-up at the same connection count: {Seconds(arguments.Warmup)} for the first run of each model and protocol, {Seconds(Settle)} for the second |");
        Line($"| predictor | `{string.Join(' ', launcher.CommandFor(Predictor))}` (from the repository root) |");
        Line($"| wrk | `{Executable.Display(Wrk(root, example, Protocol.RestJson, pinning).CommandFor("URL", ManyConnections, arguments.Duration))}`; binary: `{Executable.Display(Wrk(root, example, Protocol.RestBinary, pinning).CommandFor("URL", ManyConnections, arguments.Duration))}`; and `-c1` |");
        var grpcUrl = $"http://127.0.0.1:GRPC_PORT{GrpcMethodPath}";
        var grpcBody = $"{requests[^1].Model}-infer.grpc";
        Line($"| h2load | `{Executable.Display(h2load.CommandFor(grpcUrl, grpcBody, ManyConnections, 1, arguments.Duration))}`, and `-c1`; one channel: `{Executable.Display(h2load.CommandFor(grpcUrl, grpcBody, 1, ManyConnections, arguments.Duration))}`; with `--log-file` for p50 and p99 |");
        Line(string.Empty);
        Line("Requests, all to the same predictor, answered alike over the three protocols (checked once before any load):");
        Line(string.Empty);
        Line("| model | input | REST JSON body | REST binary body | gRPC body | outputs |");
        Line("|---|---|--:|--:|--:|---|");
        foreach (var request in requests)
        {
            var files = paths[request.Model];
            Line(string.Create(
                CultureInfo.InvariantCulture,
                $"| {request.Model} | `{ModelRequest.InputName}` FP32 [{string.Join(',', request.Shape)}], {request.InputBytes.Length:N0} bytes | "
                + $"{files.Bodies.Json.Length:N0} bytes | {files.Bodies.Binary.Length:N0} bytes ({files.Bodies.BinaryJsonLength} of JSON) | "
                + $"{files.Bodies.GrpcFramed.Length:N0} bytes | {string.Join(", ", request.Outputs.Select(o => $"`{o.Name}` {o.DataType} [{string.Join(',', o.Shape)}]"))} |"));
        }

        Line(string.Empty);
        Line($"REST bodies are generated into `{BodyDirectory}/` by the harness, the gRPC bodies (a length-prefixed `ModelInferRequest` "
            + "with `raw_input_contents`) into a temporary file; REST binary asks for every output with `\"binary_data\": true`, gRPC gets every output as `raw_output_contents`.");
        Line(string.Empty);
        report.Append(table.ToMarkdown());
        Line(string.Empty);
        Line("Ratios are each protocol ÷ REST JSON: above 1 for requests/s is faster, above 1 for latency is slower. Targets (issue 3, DESIGN.md): "
            + "gRPC throughput at least 1.0× REST JSON for both models; REST binary at least 3× REST JSON for the large tensor. "
            + "32 in flight means 32 connections with one request each for REST (HTTP/1.1 cannot multiplex) and for the gRPC column, "
            + "and 32 concurrent streams of one HTTP/2 connection for the channel column, which is how a gRPC client channel "
            + "(Grpc.Net.Client, grpcio) sends concurrent calls; the gRPC target is judged there. On 32 connections each carrying one "
            + "call, HTTP/2 pays its framing, HPACK and flow control once per tiny request, with nothing to share them across. "
            + "Latencies are closed-loop percentiles (each connection sends its next request when the previous answer arrives): wrk's for REST, "
            + "from h2load's per-request log for gRPC. A run is rejected, not recorded, on any socket error or status >= 400 (wrk), or any "
            + "failed, errored or non-2xx request or any answer without the full response message (h2load: a gRPC error travels in trailers "
            + "and carries no message, so the DATA bytes no longer add up); each gRPC run is followed by a checked gRPC call.");
        return report;
    }


    /// <summary>Where one model's three bodies are, and how many bytes of DATA a correct gRPC answer carries once checked.</summary>
    private sealed record BodyFiles(RequestBodies Bodies, string Json, string Binary, string Grpc)
    {
        public long GrpcResponseBytes { get; set; }
    }
}
