using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Modelplane.Bench.AppHost;
using Modelplane.Bench.Machine;
using Modelplane.Bench.Processes;
using Modelplane.Bench.Reporting;

namespace Modelplane.Bench.Autoscaling;

/// <summary>
/// Scale from zero under the AppHost's autoscaler: a service at zero replicas gets one v2 request through the gateway,
/// which holds it while the autoscaler starts a replica, and the time to the first byte of its answer is split into the
/// hold and the decision, the process start, the model load and the gateway's release; beside it the same request to a
/// running replica, measured in the same run. Then a load step, one replica to 16 connections against a target of one
/// each, timed until the second replica is listed and both answer ready.
/// </summary>
internal sealed class ColdStartBenchmark(BenchArguments arguments, ChildProcessTracker tracker)
{
    public const string Name = "coldstart";

    private const int ColdRuns = 10;
    private const int WarmDiscarded = 20;
    private const int WarmMeasured = 50;
    private const int Steps = 3;
    private const int DirectRuns = 5;
    // What the AppHost built with -p:ModelplaneNativePredictor=true runs for each replica: the predictor compiled ahead of time.
    private const string NativePredictor = "services/Predictor/bin/native/Release/publish/Modelplane.Predictor";
    private const int StepConnections = 16;
    private const string Specs = "bench/specs";
    private const string ZeroService = "iris-zero";
    private const string StepService = "iris-step";
    private const string ZeroReplica = "iris-zero-predictor-default-0";
    private const string InferBody = """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[6.8,2.8,4.8,1.4]}]}""";
    private const string KnativePublished = "4–15 s";

    // Knative's shortest stable window, set by both specs, and its panic window (10 % of it, at least 1 s).
    private const double WindowSeconds = 6;
    private const double PanicWindowSeconds = 1;

    // A pause before each measurement, once the scale-down before it is over (see WaitAtZeroAsync).
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private static readonly FigureTarget Target = FigureTarget.AtMost(1000, "ms");

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (AppHostRun.InterruptIgnored())
        {
            throw new BenchmarkException("this benchmark stops the AppHost with Ctrl+C's signal (SIGINT), which this process ignores; run `bash bench/run coldstart` in the foreground.");
        }

        if (arguments.DurationGiven)
        {
            Console.WriteLine($"coldstart: --duration does not apply; the counts are fixed ({ColdRuns} cold starts, {WarmMeasured} warm requests, {Steps} load steps)");
        }

        var root = RepositoryRoot.Find();
        var machine = await MachineInfo.CollectAsync(root, tracker, cancellationToken);
        var startedAt = DateTimeOffset.Now;
        var work = Directory.CreateTempSubdirectory("modelplane-bench-coldstart-");
        try
        {
            var port = AppHostRun.FreePort();
            string[] settings = [.. AppHostRun.Settings(work.FullName, port), $"--Modelplane:Specs={Specs}", "--Modelplane:Autoscaling:ScaleToZeroGracePeriodSeconds=1"];
            string[] command = ["dotnet", "run", "-c", "Release", "--no-build", "--project", "AppHost", "--", .. settings];
            Console.WriteLine($"Cold start: {ColdRuns} requests to {ZeroService} at zero replicas, {WarmMeasured} to it warm, the predictor started directly {DirectRuns} times, then {Steps} load steps of {StepConnections} connections on {StepService}");
            Console.WriteLine($"starting: {Executable.Display(command)}");
            await using var apphost = AppHostRun.Start(root, command, Path.Combine(work.FullName, "apphost.log"), tracker);
            var routes = Path.Combine(work.FullName, "data", "gateway-routes.json");
            var gateway = new Uri($"http://127.0.0.1:{port}");
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) }) { Timeout = Patience };
            using var watch = new ReplicaStartWatch(routes, ZeroService);

            // The AppHost says it is ready once every process it starts with has been ready, iris-zero's first replica
            // included; with a grace period of 1 s the autoscaler may stop that one before it ever is. So once the
            // gateway is up, one unmeasured request to iris-zero, which also checks it answers right.
            await apphost.WaitForAddressAsync("gateway", cancellationToken);
            if (RouteTableFile.TryRead(routes) is null)
            {
                throw new BenchmarkException($"the AppHost wrote no route table at {routes}:\n{apphost.Output}");
            }

            await InferCheckedAsync(client, gateway, ZeroService, cancellationToken);
            await apphost.WaitUntilReadyAsync(cancellationToken);
            var zeroPort = apphost.AddressOf(ZeroReplica).Port;
            var pid = ListeningProcess.Find(zeroPort);
            var cold = new List<ColdStart>();
            for (var run = 1; run <= ColdRuns; run++)
            {
                Console.Write($"  cold start {run,2}: waiting for zero replicas ...");
                await WaitAtZeroAsync(routes, zeroPort, pid, cancellationToken);
                var start = await ColdStartAsync(client, watch, gateway, cancellationToken);
                pid = start.Pid;
                cold.Add(start);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $" {start.Total:0} ms: decision {start.Decision:0.0}, process start to listening {start.ProcessStart:0} (DCP {start.UntilProcess:0}, .NET {start.DotnetStart:0}), model load {start.ModelLoad:0.0}, gateway {start.Release:0.0}; the replica used {start.Cpu:0} ms of CPU"));
            }

            Console.Write($"  warm: {WarmDiscarded} requests discarded, {WarmMeasured} measured ...");
            for (var i = 0; i < WarmDiscarded; i++)
            {
                await InferCheckedAsync(client, gateway, ZeroService, cancellationToken);
            }

            var warm = new List<double>();
            for (var i = 0; i < WarmMeasured; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var answered = await InferCheckedAsync(client, gateway, ZeroService, cancellationToken);
                warm.Add(Milliseconds(t0, answered));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $" median {Median(warm):0.00} ms"));

            // The next figures are not disturbed by this replica stopping.
            await WaitAtZeroAsync(routes, zeroPort, pid, cancellationToken);
            var direct = await DirectStartsAsync(root, work.FullName, client, watch, cancellationToken);
            using var stepWatch = new ReplicaStartWatch(routes, StepService);
            using var loadClient = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Patience };
            var steps = new List<LoadStep>();
            for (var step = 1; step <= Steps; step++)
            {
                Console.Write($"  load step {step}: waiting for one replica ...");
                var result = await LoadStepAsync(loadClient, stepWatch, routes, gateway, steps.LastOrDefault()?.Pid, cancellationToken);
                steps.Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $" {result.Total:0} ms: decision {result.Decision:0}, process start to listening {result.ProcessStart:0}, model load {result.ModelLoad:0.0}; {result.Requests:N0} requests, {result.Errors} errors"));
            }

            await apphost.StopAsync();

            var summary = Summary(cold, warm, steps);
            var breakdown = Breakdown(cold, direct);
            var stepTable = StepTable(steps);
            Console.WriteLine();
            Console.Write(TextTable.ToText(breakdown, c => c is >= 1 and <= 4));
            Console.WriteLine();
            Console.Write(TextTable.ToText(stepTable, c => c is 1 or 2));
            Console.WriteLine();
            Console.Write(TextTable.ToText(summary, c => c is 1 or 3 or 4));
            Console.WriteLine("Knative's 4–15 s is what published reports give for a cold start on a cluster; it is not measured here.");

            var report = Report(machine, startedAt, cold, steps, summary, breakdown, stepTable);
            await report.RecordAsync(root, Name, startedAt, cancellationToken);
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>One request to the service at zero, timed to its first byte, with the replica it started followed meanwhile.</summary>
    private static async Task<ColdStart> ColdStartAsync(HttpClient client, ReplicaStartWatch watch, Uri gateway, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = watch.WatchAsync([], Patience, failed.Token);
        var t0 = Stopwatch.GetTimestamp();
        long answered;
        try
        {
            answered = await InferCheckedAsync(client, gateway, ZeroService, cancellationToken);
        }
        catch
        {
            await failed.CancelAsync();
            throw;
        }

        var start = await watching;

        // Found after the answer: a look through /proc costs the machine more than the polling does.
        var pid = ListeningProcess.Find(start.Port) ?? throw new BenchmarkException($"no process of this user listens on {start.Address}");
        var stat = ProcessStat.Read(pid) ?? throw new BenchmarkException($"process {pid}, listening on {start.Address}, is gone");
        return new ColdStart(t0, start, stat.Started, answered, pid, stat.ParentName, stat.CpuMilliseconds);
    }

    /// <summary>Waits until the route table has the service at zero, nothing listens on its replica's port, and the replica's last process is gone; then a moment more.</summary>
    private static async Task WaitAtZeroAsync(string routes, int port, int? pid, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!(RouteTableFile.TryRead(routes) is { } text
            && RouteTableFile.Predictor(text, ZeroService) is ({ Count: 0 }, true)
            && !await ReplicaStartWatch.AcceptsAsync(port, cancellationToken)
            && (pid is null || !Directory.Exists($"/proc/{pid}"))))
        {
            if (clock.Elapsed > Patience)
            {
                throw new BenchmarkException($"{ZeroService} was not back at zero replicas within {Patience.TotalMinutes:0} minutes of its last request");
            }

            await Task.Delay(100, cancellationToken);
        }

        // The gateway reads the table 100 ms after it changes, and the autoscaler's stop command ends only once Aspire has
        // seen the process exit: its decisions wait for one another, so a request's decision would wait for that one.
        await Task.Delay(Settle, cancellationToken);
    }

    /// <summary>
    /// From one warm replica, 16 connections in a closed loop, timed until the route table lists a second replica and
    /// both answer ready; then the load stops and the service goes back to one replica.
    /// </summary>
    private static async Task<LoadStep> LoadStepAsync(HttpClient client, ReplicaStartWatch watch, string routes, Uri gateway, int? previous, CancellationToken cancellationToken)
    {
        var first = await OneReplicaAsync(routes, watch, previous, cancellationToken);
        for (var i = 0; i < WarmDiscarded; i++)
        {
            await InferCheckedAsync(client, gateway, StepService, cancellationToken);
        }

        await Task.Delay(Settle, cancellationToken);
        using var stop = new CancellationTokenSource();
        var requests = 0;
        var errors = 0;
        var watching = watch.WatchAsync([first], Patience, cancellationToken);
        var t0 = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, StepConnections).Select(_ => Task.Run(
            async () =>
            {
                // Each request runs to its end: stopping the load must not count as errors.
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var (status, body, _) = await InferAsync(client, gateway, StepService, cancellationToken);
                        Interlocked.Increment(ref requests);
                        if (status != HttpStatusCode.OK || !IsRightAnswer(body))
                        {
                            Interlocked.Increment(ref errors);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref requests);
                        Interlocked.Increment(ref errors);
                    }
                }
            },
            cancellationToken)).ToList();
        ReplicaStart start;
        long both;
        try
        {
            start = await watching;
            while (!await watch.IsReadyAsync(new Uri(first), cancellationToken))
            {
                await Task.Delay(5, cancellationToken);
            }

            both = Stopwatch.GetTimestamp();
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }

        var pid = ListeningProcess.Find(start.Port) ?? throw new BenchmarkException($"no process of this user listens on {start.Address}");
        var stat = ProcessStat.Read(pid) ?? throw new BenchmarkException($"process {pid}, listening on {start.Address}, is gone");
        return new LoadStep(t0, start, stat.Started, both, pid, requests, errors);
    }

    /// <summary>Waits until the step's service has exactly one replica listed and ready, and the process of the previous step's second replica is gone; its address.</summary>
    private static async Task<string> OneReplicaAsync(string routes, ReplicaStartWatch watch, int? previous, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (RouteTableFile.TryRead(routes) is { } text && RouteTableFile.Predictor(text, StepService).Http is [var only]
                && (previous is null || !Directory.Exists($"/proc/{previous}"))
                && await watch.IsReadyAsync(new Uri(only), cancellationToken))
            {
                await Task.Delay(Settle, cancellationToken);
                return only;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new BenchmarkException($"{StepService} was not back at one ready replica within {Patience.TotalMinutes:0} minutes");
    }

    /// <summary>
    /// The reference for the process start and the model load: the predictor started by the harness itself, as a replica
    /// is run (<c>dotnet</c> on the built assembly, iris loaded at start in explicit mode, HTTP and gRPC ports), with no
    /// Aspire, DCP or gateway in between; timed from just before it is started to its port accepting and to ready.
    /// </summary>
    private async Task<List<DirectStart>> DirectStartsAsync(string root, string work, HttpClient client, ReplicaStartWatch watch, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(root, NativePredictor)))
        {
            throw new BenchmarkException($"{NativePredictor} is not published; bash bench/run coldstart publishes it with the AppHost (-p:ModelplaneNativePredictor=true)");
        }

        Console.Write($"  predictor started directly, {DirectRuns} times ...");
        var starts = new List<DirectStart>();
        for (var run = 1; run <= DirectRuns; run++)
        {
            var port = AppHostRun.FreePort();
            var address = new Uri($"http://127.0.0.1:{port}");
            string[] command =
            [
                NativePredictor, "--model-repository", "models", "--Serving:ModelControlMode=explicit", "--Serving:StartupModels:0=iris",
                "--urls", address.ToString().TrimEnd('/'), "--grpc_port", AppHostRun.FreePort().ToString(CultureInfo.InvariantCulture),
            ];
            await Task.Delay(Settle, cancellationToken);
            var clock = Stopwatch.StartNew();
            var t0 = Stopwatch.GetTimestamp();
            await using var predictor = AppHostRun.Start(root, command, Path.Combine(work, $"predictor-{run}.log"), tracker);
            while (!await ReplicaStartWatch.AcceptsAsync(port, cancellationToken))
            {
                Check(predictor, clock, command);
                await Task.Delay(3, cancellationToken);
            }

            var listening = Stopwatch.GetTimestamp();
            while (!await watch.IsReadyAsync(address, cancellationToken))
            {
                Check(predictor, clock, command);
                await Task.Delay(5, cancellationToken);
            }

            var ready = Stopwatch.GetTimestamp();

            // Its first answer, as a replica's comes through the gateway, before its CPU time is read.
            using (var first = await client.PostAsync(new Uri(address, "/v2/models/iris/infer"), new StringContent(InferBody, Encoding.UTF8, "application/json"), cancellationToken))
            {
                if (first.StatusCode != HttpStatusCode.OK || !IsRightAnswer(await first.Content.ReadAsStringAsync(cancellationToken)))
                {
                    throw new BenchmarkException($"the predictor started directly answered {(int)first.StatusCode} to POST /v2/models/iris/infer:\n{predictor.Output}");
                }
            }

            var pid = ListeningProcess.Find(port) ?? throw new BenchmarkException($"no process of this user listens on {address}");
            var stat = ProcessStat.Read(pid) ?? throw new BenchmarkException($"process {pid}, listening on {address}, is gone");
            await predictor.StopAsync();
            starts.Add(new DirectStart(t0, stat.Started, listening, ready, stat.CpuMilliseconds));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $" listening after {Median(starts.Select(d => d.ProcessStart)):0} ms, ready {Median(starts.Select(d => d.ModelLoad)):0} ms later, {Median(starts.Select(d => d.Cpu)):0} ms of CPU (medians)"));
        return starts;

        static void Check(AppHostRun predictor, Stopwatch clock, string[] command)
        {
            if (predictor.HasExited || clock.Elapsed > Patience)
            {
                throw new BenchmarkException($"{Executable.Display(command)} was not ready{(predictor.HasExited ? " (it exited)" : $" within {Patience.TotalMinutes:0} minutes")}:\n{predictor.Output}");
            }
        }
    }

    /// <summary>One v2 request through the gateway; the answer must be 200 with iris's label 1. When its first byte came.</summary>
    private static async Task<long> InferCheckedAsync(HttpClient client, Uri gateway, string service, CancellationToken cancellationToken)
    {
        var (status, body, answered) = await InferAsync(client, gateway, service, cancellationToken);
        if (status != HttpStatusCode.OK || !IsRightAnswer(body))
        {
            throw new BenchmarkException($"POST /v2/models/{service}/infer through the gateway answered {(int)status} '{body}' instead of 200 with label 1");
        }

        return answered;
    }

    private static async Task<(HttpStatusCode Status, string Body, long Answered)> InferAsync(HttpClient client, Uri gateway, string service, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, $"/v2/models/{service}/infer"))
        {
            Content = new StringContent(InferBody, Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = $"{service}.default.example.com";
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var answered = Stopwatch.GetTimestamp();
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), answered);
    }

    // The sample's row is a versicolor: label 1.
    private static bool IsRightAnswer(string body)
    {
        try
        {
            using var answer = JsonDocument.Parse(body);
            return answer.RootElement.GetProperty("outputs").EnumerateArray()
                .Any(o => o.GetProperty("name").GetString() == "label" && o.GetProperty("data")[0].GetInt64() == 1);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private static List<string[]> Breakdown(List<ColdStart> cold, List<DirectStart> direct)
    {
        var total = Median(cold.Select(c => c.Total));
        const string None = "—";
        return
        [
            [$"cold start, phase ({cold.Count} runs)", "median (ms)", "max (ms)", "share of median total", $"predictor started directly, median of {direct.Count} (ms)", "from → to"],
            Row("hold and autoscaler decision", cold.Select(c => c.Decision), None, "request sent → route table lists the replica"),
            Row("process start to listening", cold.Select(c => c.ProcessStart), Format(Median(direct.Select(d => d.ProcessStart)), "0.0"), "→ its HTTP port accepts a connection"),
            Row("  of it, Aspire and DCP until the process exists", cold.Select(c => c.UntilProcess), Format(Median(direct.Select(d => d.UntilProcess)), "0"), "→ the process's start time (/proc, 10 ms ticks)"),
            Row("  of it, .NET start until it listens", cold.Select(c => c.DotnetStart), Format(Median(direct.Select(d => d.DotnetStart)), "0"), "→ its HTTP port accepts a connection"),
            Row("model load and warm-up", cold.Select(c => c.ModelLoad), Format(Median(direct.Select(d => d.ModelLoad)), "0.0"), "→ /v2/health/ready answers 200"),
            Row("gateway sees it ready and the first prediction", cold.Select(c => c.Release), None, "→ first byte at the client"),
            Row("total", cold.Select(c => c.Total), None, "request sent → first byte"),
            Row("CPU time the replica's process used", cold.Select(c => c.Cpu), Format(Median(direct.Select(d => d.Cpu)), "0"), "its start → its first answer (user + system, 10 ms ticks)"),
        ];

        string[] Row(string name, IEnumerable<double> values, string reference, string span)
        {
            var list = values.ToList();
            var median = Median(list);
            return [name, Format(median, "0.0"), Format(list.Max(), "0.0"), Format(median / total * 100, "0") + " %", reference, span];
        }
    }

    private static List<string[]> StepTable(List<LoadStep> steps) =>
    [
        [$"load step, phase ({steps.Count} steps)", "median (ms)", "max (ms)", "from → to"],
        Phase("KPA decision", steps.Select(s => s.Decision), $"{StepConnections} connections start → route table lists a 2nd replica (panic window {PanicWindowSeconds:0} s of a {WindowSeconds:0} s window; a decision a second)"),
        Phase("process start to listening", steps.Select(s => s.ProcessStart), "→ its HTTP port accepts a connection"),
        Phase("  of it, Aspire and DCP until the process exists", steps.Select(s => s.UntilProcess), "→ the process's start time"),
        Phase("model load and warm-up", steps.Select(s => s.ModelLoad), "→ its /v2/health/ready answers 200"),
        Phase("total", steps.Select(s => s.Total), "load starts → 2 replicas listed and both answer ready"),
    ];

    private static string[] Phase(string name, IEnumerable<double> values, string span)
    {
        var list = values.ToList();
        return [name, Format(Median(list), "0.0"), Format(list.Max(), "0.0"), span];
    }

    private static List<string[]> Summary(List<ColdStart> cold, List<double> warm, List<LoadStep> steps)
    {
        var coldMedian = Median(cold.Select(c => c.Total));
        var coldMax = cold.Max(c => c.Total);
        var stepMedian = Median(steps.Select(s => s.Total));
        var stepMax = steps.Max(s => s.Total);
        return
        [
            ["figure", "measured (ms)", "reference, same run", "reference (ms)", "ratio", "Knative (published reports)", "target"],
            [$"scale from zero to first prediction, median of {cold.Count}", Format(coldMedian, "0"), $"warm request, median of {warm.Count}", Format(Median(warm), "0.00"), Ratio(coldMedian, Median(warm)), KnativePublished, $"{Target.Describe()}: {Target.Verdict(0, coldMedian)}"],
            [$"scale from zero to first prediction, slowest of {cold.Count}", Format(coldMax, "0"), $"warm request, slowest of {warm.Count}", Format(warm.Max(), "0.00"), Ratio(coldMax, warm.Max()), string.Empty, string.Empty],
            [$"load step to 2 replicas ready, median of {steps.Count}", Format(stepMedian, "0"), "cold start from zero, median", Format(coldMedian, "0"), Ratio(stepMedian, coldMedian), string.Empty, $"(context: panic window {PanicWindowSeconds:0} s)"],
            [$"load step to 2 replicas ready, slowest of {steps.Count}", Format(stepMax, "0"), "cold start from zero, slowest", Format(coldMax, "0"), Ratio(stepMax, coldMax), string.Empty, string.Empty],
        ];
    }

    private ResultsReport Report(MachineInfo machine, DateTimeOffset startedAt, List<ColdStart> cold, List<LoadStep> steps, List<string[]> summary, List<string[]> breakdown, List<string[]> stepTable)
    {
        var report = new ResultsReport("Cold start: scale from zero to the first prediction, and a load step to its replicas", startedAt, arguments, machine);
        report.Line($"| AppHost | built by `bash bench/run coldstart` with `-p:ModelplaneNativePredictor=true`, so its predictor replicas run the predictor compiled ahead of time (Native AOT); then `dotnet run -c Release --no-build --project AppHost -- --Modelplane:Specs={Specs} --Modelplane:Autoscaling:ScaleToZeroGracePeriodSeconds=1` (its data directory and gateway port of the run's own), so the sample services run too, and [`{Specs}/`](../specs/) adds `{ZeroService}` and `{StepService}` |");
        report.Line($"| {ZeroService} | the iris model in ONNX (`s3://models/iris`), minReplicas 0, maxReplicas 2, `autoscaling.knative.dev/window: \"6s\"`; with a grace period of 1 s it is back at zero about 7 s after its last request |");
        report.Line($"| request | `POST /v2/models/{{service}}/infer` through the gateway, `Host: {{service}}.default.example.com`, body `{InferBody}`; each answer must be 200 with label 1; timed from just before it is sent to its first byte (the response's headers) |");
        report.Line($"| before the runs | once the gateway is up, one unmeasured request to `{ZeroService}`: the AppHost says it is ready only once every process it starts with has been ready, and with a grace period of 1 s the autoscaler stops `{ZeroService}`'s first replica before it is |");
        report.Line($"| cold start | {ColdRuns} runs, each once the route table lists `{ZeroService}` with `scaledToZero`, nothing accepts a connection on its replica's port, its last process is gone, and {Settle.TotalSeconds:0} s more; the harness polls meanwhile: the route table and the port every 3 ms, `/v2/health/ready` every 5 ms once the port accepts, so each moment is good to a few ms; the process's start comes from `/proc/PID/stat` (10 ms ticks) |");
        report.Line($"| warm reference | {WarmMeasured} requests one after another to `{ZeroService}` with its replica running, after {WarmDiscarded} discarded, on the same connection to the gateway |");
        report.Line($"| predictor started directly | {DirectRuns} times, by the harness while the AppHost runs idle: `{NativePredictor} --model-repository models --Serving:ModelControlMode=explicit --Serving:StartupModels:0=iris --urls http://127.0.0.1:PORT --grpc_port PORT` (a replica's way of running, without Aspire, DCP and the gateway), timed from just before it is started, polled as above |");
        report.Line($"| load step | {Steps} steps: `{StepService}` (minReplicas 1, maxReplicas 2, `scaleTarget: 1` concurrency, window 6 s, so its panic window is 1 s) at one ready replica after {WarmDiscarded} requests and {Settle.TotalSeconds:0} s of quiet, then {StepConnections} connections in a closed loop through the gateway, until the route table lists the second replica and both answer ready; then the load stops and it goes back to one |");
        report.Line($"| published | Knative's cold start, 4–15 s, is what published reports give for a Knative Service on a cluster; it is not measured here |");
        report.Line(string.Empty);
        report.Append(TextTable.ToMarkdown(summary, c => c is 1 or 3 or 4));
        report.Line(string.Empty);
        report.Line($"Target (DESIGN.md): scale from zero to first prediction ≤ 1 s locally, on the median of the {ColdRuns} runs.");
        report.Line(string.Empty);
        report.Append(TextTable.ToMarkdown(breakdown, c => c is >= 1 and <= 4));
        report.Line(string.Empty);
        report.Line("Each phase's median and maximum are over the runs; the medians of the phases need not add up to the median total.");
        report.Line(string.Empty);
        report.Append(TextTable.ToMarkdown(stepTable, c => c is 1 or 2));
        report.Line(string.Empty);
        report.Line(string.Create(CultureInfo.InvariantCulture, $"During the steps: {steps.Sum(s => s.Requests):N0} requests, {steps.Sum(s => s.Errors)} errors. The replica processes were started by `{string.Join("`, `", cold.Select(c => c.Parent).Distinct())}`."));
        report.Line(string.Empty);
        report.Line("Each cold start (ms from the request sent):");
        report.Line(string.Empty);
        List<string[]> runs = [["run", "route table lists it", "process exists", "port accepts", "ready", "first byte"]];
        runs.AddRange(cold.Select((c, i) => new[]
        {
            (i + 1).ToString(CultureInfo.InvariantCulture), Format(c.Decision, "0.0"), Format(c.Decision + c.UntilProcess, "0"),
            Format(c.Decision + c.ProcessStart, "0.0"), Format(c.Decision + c.ProcessStart + c.ModelLoad, "0.0"), Format(c.Total, "0.0"),
        }));
        report.Append(TextTable.ToMarkdown(runs, c => c >= 0));
        return report;
    }

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Ratio(double measured, double reference) => string.Create(CultureInfo.InvariantCulture, $"{measured / reference:0.00}×");

    /// <summary>One cold start, in ms from the request sent: each phase, and the replica's process.</summary>
    private sealed class ColdStart(long sent, ReplicaStart start, long processStarted, long answered, int pid, string parent, double cpu)
    {
        /// <summary>The CPU time the replica's process had used by its first answer.</summary>
        public double Cpu => cpu;

        public int Pid => pid;

        public string Parent => parent;

        public double Decision => Milliseconds(sent, start.Listed);

        public double ProcessStart => Milliseconds(start.Listed, start.Listening);

        public double UntilProcess => Milliseconds(start.Listed, processStarted);

        public double DotnetStart => Milliseconds(processStarted, start.Listening);

        public double ModelLoad => Milliseconds(start.Listening, start.Ready);

        public double Release => Milliseconds(start.Ready, answered);

        public double Total => Milliseconds(sent, answered);
    }

    /// <summary>One start of the predictor by the harness, in ms from just before it was started.</summary>
    private sealed class DirectStart(long started, long processStarted, long listening, long ready, double cpu)
    {
        /// <summary>The CPU time its process had used by its first answer.</summary>
        public double Cpu => cpu;

        public double ProcessStart => Milliseconds(started, listening);

        public double UntilProcess => Milliseconds(started, processStarted);

        public double DotnetStart => Milliseconds(processStarted, listening);

        public double ModelLoad => Milliseconds(listening, ready);
    }

    /// <summary>One load step, in ms from the load's start, and the requests sent while it lasted.</summary>
    private sealed class LoadStep(long stepped, ReplicaStart start, long processStarted, long bothReady, int pid, int requests, int errors)
    {
        public int Pid => pid;

        public int Requests => requests;

        public int Errors => errors;

        public double Decision => Milliseconds(stepped, start.Listed);

        public double ProcessStart => Milliseconds(start.Listed, start.Listening);

        public double UntilProcess => Milliseconds(start.Listed, processStarted);

        public double ModelLoad => Milliseconds(start.Listening, start.Ready);

        public double Total => Milliseconds(stepped, bothReady);
    }
}
