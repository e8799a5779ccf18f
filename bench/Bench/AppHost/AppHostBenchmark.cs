using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Modelplane.Bench.ConstantRate;
using Modelplane.Bench.Machine;
using Modelplane.Bench.Processes;
using Modelplane.Bench.Reporting;

namespace Modelplane.Bench.AppHost;

/// <summary>
/// The main job's figures: how long <c>dotnet run --project AppHost</c> (already built) takes to a prediction served
/// through the gateway, against a bare Kestrel echo's <c>dotnet run</c> to its first answer; the memory of the whole
/// graph under Aspire (AppHost, DCP, dashboard, every service) against the AppHost before Aspire, built from its last
/// commit in the same run; and KServe's tutorial load test, 500 requests/s for 60 s through the gateway, against the
/// same load sent to the predictor directly.
/// </summary>
internal sealed class AppHostBenchmark(BenchArguments arguments, ChildProcessTracker tracker)
{
    public const string Name = "apphost";

    private const int StartupRuns = 3;
    private const double Rate = 500;
    private const string Host = "sklearn-iris.default.example.com";
    private const string PredictPath = "/v1/models/sklearn-iris:predict";
    private const string Instances = """{"instances": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}""";
    private const string Answer = """{"predictions":[1,1]}""";

    private static readonly FigureTarget StartupTarget = FigureTarget.AtMost(10, "s");
    private static readonly FigureTarget MeanTarget = FigureTarget.AtMost(1, "ms");
    private static readonly FigureTarget P99Target = FigureTarget.AtMost(5, "ms");
    private static readonly FigureTarget ErrorsTarget = FigureTarget.AtMost(0, "errors");

    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(10);

    private TimeSpan Duration => arguments.DurationGiven ? arguments.Duration : TimeSpan.FromSeconds(60);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (AppHostRun.InterruptIgnored())
        {
            throw new BenchmarkException(
                "this benchmark stops each run with Ctrl+C's signal (SIGINT), but this process ignores SIGINT and every process it "
                + "starts would too: a shell starts background jobs that way (`... &`). Run `bash bench/run apphost` in the foreground.");
        }

        var root = RepositoryRoot.Find();
        var machine = await MachineInfo.CollectAsync(root, tracker, cancellationToken);
        var startedAt = DateTimeOffset.Now;
        var work = Directory.CreateTempSubdirectory("modelplane-bench-apphost-");
        try
        {
            Console.WriteLine($"AppHost: dotnet run to the first prediction through the gateway ({StartupRuns} runs), the memory of the whole graph against the AppHost before Aspire, then {Rate:0} requests/s for {Duration.TotalSeconds:0} s through the gateway and directly");
            var echo = new List<double>();
            var apphost = new List<double>();
            for (var run = 1; run <= StartupRuns; run++)
            {
                echo.Add(await StartEchoAsync(root, work.FullName, run, cancellationToken));
                apphost.Add(await StartAppHostAsync(root, work.FullName, run, cancellationToken));
            }

            GraphMemory before;
            await using (var baseline = await BaselineEngine.PrepareAsync(root, work.FullName, tracker, cancellationToken))
            {
                before = await MemoryAsync(baseline.Directory, work.FullName, "before Aspire", cancellationToken);
            }

            var after = await MemoryAsync(root, work.FullName, "Aspire", cancellationToken);
            var memory = MemoryTable(before, after);

            var (direct, gateway) = await LoadAsync(root, work.FullName, cancellationToken);
            var table = new ComparisonTable("direct", "gateway",
            [
                new("500 requests/s: errors", direct.Requests - direct.Successes, gateway.Requests - gateway.Successes, "N0", ErrorsTarget),
                new("500 requests/s: mean (ms)", direct.MeanMilliseconds, gateway.MeanMilliseconds, "0.000", MeanTarget),
                new("500 requests/s: p50 (ms)", direct.Milliseconds(50), gateway.Milliseconds(50), "0.000"),
                new("500 requests/s: p90 (ms)", direct.Milliseconds(90), gateway.Milliseconds(90), "0.000"),
                new("500 requests/s: p99 (ms)", direct.Milliseconds(99), gateway.Milliseconds(99), "0.000", P99Target),
                new("500 requests/s: max (ms)", direct.MaxMilliseconds, gateway.MaxMilliseconds, "0.000"),
            ]);
            var startup = new ComparisonTable("echo", "apphost",
            [
                new("dotnet run to first answer, median (s)", Median(echo), Median(apphost), "0.00", StartupTarget),
                new("dotnet run to first answer, slowest (s)", echo.Max(), apphost.Max(), "0.00"),
            ]);

            Console.WriteLine();
            Console.WriteLine("through the gateway (vegeta's report):");
            Console.Write(AttackReport.ToText(gateway));
            Console.WriteLine();
            Console.Write(startup.ToText());
            Console.WriteLine();
            Console.Write(memory.ToText());
            Console.WriteLine();
            Console.Write(table.ToText());
            Console.WriteLine("KServe's tutorial on a cluster, for comparison: mean 63 ms, p99 198 ms, one 502 in 30,000 requests");

            var report = Report(machine, startedAt, echo, apphost, startup, memory, before, after, table, direct, gateway);
            await report.RecordAsync(root, "apphost", startedAt, cancellationToken);
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Seconds from <c>dotnet run</c> of the echo server to its first 200.</summary>
    private async Task<double> StartEchoAsync(string root, string work, int run, CancellationToken cancellationToken)
    {
        var port = AppHostRun.FreePort();
        var clock = Stopwatch.StartNew();
        await using var echo = AppHostRun.Start(root, ["dotnet", "run", "-c", "Release", "--project", "bench/EchoServer", "--", "--urls", $"http://127.0.0.1:{port}"], Path.Combine(work, $"echo-{run}.log"), tracker);
        var seconds = await FirstAnswerAsync(echo, new Uri($"http://127.0.0.1:{port}/echo"), null, Instances, clock, cancellationToken);
        await echo.StopAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  echo run {run}: first answer after {seconds:0.00} s"));
        return seconds;
    }

    /// <summary>Seconds from <c>dotnet run --project AppHost</c> to the first prediction through its gateway.</summary>
    private async Task<double> StartAppHostAsync(string root, string work, int run, CancellationToken cancellationToken)
    {
        var port = AppHostRun.FreePort();
        var clock = Stopwatch.StartNew();
        await using var apphost = AppHostRun.Start(root, ["dotnet", "run", "-c", "Release", "--project", "AppHost", "--", .. AppHostRun.Settings(work, port)], Path.Combine(work, $"apphost-{run}.log"), tracker);
        var seconds = await FirstAnswerAsync(apphost, new Uri($"http://127.0.0.1:{port}{PredictPath}"), Host, Answer, clock, cancellationToken);
        var exitCode = await apphost.StopAsync();
        if (exitCode != 0)
        {
            throw new BenchmarkException($"the AppHost exited with code {exitCode} on Ctrl+C (SIGINT):\n{apphost.Output}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  apphost run {run}: first prediction through the gateway after {seconds:0.00} s"));
        return seconds;
    }

    /// <summary>The memory of every process of the sample graph, run from <paramref name="directory"/>, once it is ready and has settled.</summary>
    private async Task<GraphMemory> MemoryAsync(string directory, string work, string label, CancellationToken cancellationToken)
    {
        string[] command = ["dotnet", "run", "-c", "Release", "--no-build", "--project", "AppHost", "--", .. AppHostRun.Settings(Path.Combine(work, label.Replace(' ', '-')), AppHostRun.FreePort())];
        Console.Write($"  memory, {label}: {Executable.Display(command)} ...");
        await using var apphost = AppHostRun.Start(directory, command, Path.Combine(work, $"memory-{label.Replace(' ', '-')}.log"), tracker);
        await apphost.WaitUntilReadyAsync(cancellationToken);
        await Task.Delay(Settling, cancellationToken);
        var memory = GraphMemory.Of(apphost.Id);
        await apphost.StopAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $" {memory.Processes.Count} processes, {Mebibytes(memory.TotalRss):0} MiB resident"));
        return memory;
    }

    private static ComparisonTable MemoryTable(GraphMemory before, GraphMemory after) => new("before Aspire", "Aspire",
    [
        .. GraphMemory.Parts.Where(part => before.Count(part) + after.Count(part) > 0).Select(part => new ComparisonRow(
            string.Create(CultureInfo.InvariantCulture, $"{part} ({before.Count(part)} and {after.Count(part)} processes), resident (MiB)"),
            Mebibytes(before.Rss(part)),
            Mebibytes(after.Rss(part)),
            "0")),
        new("whole graph, resident (MiB)", Mebibytes(before.TotalRss), Mebibytes(after.TotalRss), "0"),
        new("whole graph, proportional (MiB)", Mebibytes(before.TotalPss), Mebibytes(after.TotalPss), "0"),
    ]);

    private static double Mebibytes(long bytes) => bytes / (1024.0 * 1024.0);

    private async Task<(AttackResult Direct, AttackResult Gateway)> LoadAsync(string root, string work, CancellationToken cancellationToken)
    {
        var port = AppHostRun.FreePort();
        // Not pinned: the issue asks for the figure on the whole 2-core machine, the load generator included.
        string[] command = ["dotnet", "run", "-c", "Release", "--no-build", "--project", "AppHost", "--", .. AppHostRun.Settings(work, port)];
        Console.WriteLine($"starting: {Executable.Display(command)}");
        await using var apphost = AppHostRun.Start(root, command, Path.Combine(work, "apphost-load.log"), tracker);
        await apphost.WaitUntilReadyAsync(cancellationToken);
        var body = Encoding.UTF8.GetBytes(Instances);
        var direct = new AttackTarget("direct", new Uri(apphost.AddressOf("sklearn-iris-predictor-default-0"), PredictPath), null, body);
        var gateway = new AttackTarget("gateway", new Uri($"http://127.0.0.1:{port}{PredictPath}"), Host, body);
        var results = new Dictionary<string, AttackResult>();
        foreach (var target in new[] { direct, gateway })
        {
            Console.Write($"  {target.Name,-8} warm-up {arguments.Warmup.TotalSeconds:0} s ...");
            await ConstantRateAttack.RunAsync(target, Rate, arguments.Warmup, cancellationToken);
            Console.Write($" measuring {Duration.TotalSeconds:0} s at {Rate:0} requests/s ...");
            var result = await ConstantRateAttack.RunAsync(target, Rate, Duration, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $" {result.SuccessRatio * 100:0.00}% ok, mean {result.MeanMilliseconds:0.000} ms, p99 {result.Milliseconds(99):0.000} ms"));
            results[target.Name] = result;
        }

        await apphost.StopAsync();
        return (results["direct"], results["gateway"]);
    }

    private static async Task<double> FirstAnswerAsync(AppHostRun run, Uri url, string? host, string expected, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (run.HasExited)
            {
                throw new BenchmarkException($"{url} never answered: the process exited:\n{run.Output}");
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(Instances, Encoding.UTF8, "application/json") };
                if (host is not null)
                {
                    request.Headers.Host = host;
                }

                using var response = await client.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK && await response.Content.ReadAsStringAsync(cancellationToken) == expected)
                {
                    return clock.Elapsed.TotalSeconds;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(20, cancellationToken);
        }

        throw new BenchmarkException($"{url} did not answer {expected} within 3 minutes:\n{run.Output}");
    }

    // A command line without the machine's directories, as the results file is committed.
    private static string Shorten(string command)
    {
        var line = System.Text.RegularExpressions.Regex.Replace(command, @"(?<![\w.])/(?:[^\s/]+/)+", string.Empty);
        return line.Length <= 90 ? line : line[..90] + " ...";
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private ResultsReport Report(
        MachineInfo machine, DateTimeOffset startedAt, List<double> echo, List<double> apphost, ComparisonTable startup,
        ComparisonTable memory, GraphMemory before, GraphMemory after, ComparisonTable load, AttackResult direct, AttackResult gateway)
    {
        var report = new ResultsReport("AppHost: start-up to the first prediction, and KServe's tutorial load test", startedAt, arguments, machine);
        void Line(string text) => report.Line(text);
        string Seconds(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("0.00", CultureInfo.InvariantCulture)));

        Line($"| start-up | `dotnet run -c Release --project AppHost` (already built) until `POST {PredictPath}` with `Host: {Host}` through the gateway answers `{Answer}`, polled every 20 ms; against `dotnet run -c Release --project bench/EchoServer` until `POST /echo` answers; {StartupRuns} runs each, alternating, not pinned; the first AppHost run fills the empty store, later ones find it current. Runs (s): echo {Seconds(echo)}; apphost {Seconds(apphost)} |");
        Line($"| memory | the sample graph run with `dotnet run -c Release --no-build --project AppHost`, {Settling.TotalSeconds:0} s after it printed that it was ready, read from `/proc` (VmRSS, and Pss of `smaps_rollup`): every process under `dotnet run` and every process that watches one of them (DCP), the `dotnet run` wrapper left out of the whole; before Aspire: the same command in a worktree of commit `{BaselineEngine.Commit[..7]}`, the last before the move, built in Release in this run |");
        Line($"| load | {Rate:0} requests/s for {Duration.TotalSeconds:0} s, open loop (vegeta's attack, in the harness), each after a {arguments.Warmup.TotalSeconds:0} s warm-up at the same rate: to the default revision's predictor directly, then through the gateway (which splits 90/10 between the default and canary revisions); nothing pinned: the graph and the load generator share both CPUs |");
        Line($"| request | `POST {PredictPath}` with `{Instances}`, as KServe's tutorial sends |");
        Line(string.Empty);
        report.Append(startup.ToMarkdown());
        Line(string.Empty);
        report.Append(memory.ToMarkdown());
        Line(string.Empty);
        report.Append(load.ToMarkdown());
        Line(string.Empty);
        Line("Targets (issues 6 and 15, DESIGN.md): a prediction served within 10 s of `dotnet run` under Aspire; at 500 requests/s through the gateway no error, mean at most 1 ms and p99 at most 5 ms. KServe's tutorial, on a cluster, reports mean 63 ms, p99 198 ms and one 502 in 30,000.");
        Line(string.Empty);
        Line("Each process of the memory runs, resident MiB:");
        Line(string.Empty);
        Line("```text");
        foreach (var (label, graph) in new[] { ("before Aspire", before), ("Aspire", after) })
        {
            foreach (var process in graph.Processes.OrderBy(p => Array.IndexOf(GraphMemory.Parts, p.Part)))
            {
                Line(string.Create(CultureInfo.InvariantCulture, $"{label,-14} {Mebibytes(process.RssBytes),7:0.0}  {process.Part,-20} {Shorten(process.Command)}"));
            }
        }

        Line("```");
        Line(string.Empty);
        Line("Through the gateway, as vegeta reports it:");
        Line(string.Empty);
        Line("```text");
        report.Append(AttackReport.ToText(gateway));
        Line("```");
        Line(string.Empty);
        Line("Directly to the predictor:");
        Line(string.Empty);
        Line("```text");
        report.Append(AttackReport.ToText(direct));
        Line("```");
        return report;
    }
}
