using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Modelplane.Bench.AppHost;
using Modelplane.Bench.ConstantRate;
using Modelplane.Bench.Machine;
using Modelplane.Bench.Processes;
using Modelplane.Bench.Reporting;

namespace Modelplane.Bench.Faults;

/// <summary>
/// The data plane under faults: the sample graph run by the AppHost, an open-loop load through the gateway to the
/// default revision of <c>sklearn-iris</c> (one replica), and in the middle of a run its replica stopped with SIGTERM,
/// or killed with SIGKILL, and started again by the AppHost; each beside the same run with nothing killed. It prints
/// the requests lost and the latency of the requests sent after the fault, which the gateway held while the replica
/// drained, restarted and loaded its model.
/// </summary>
internal sealed class FaultsBenchmark(BenchArguments arguments, ChildProcessTracker tracker)
{
    public const string Name = "faults";

    private const double Rate = 300;
    private const string Host = "sklearn-iris.default.example.com";
    private const string PredictPath = "/v1/models/sklearn-iris:predict";
    private const string Instances = """{"instances": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}""";
    private const string Replica = "sklearn-iris-predictor-default-0";

    private static readonly TimeSpan FaultAt = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly FigureTarget NoneLost = FigureTarget.AtMost(0, "lost");

    private TimeSpan Duration => arguments.DurationGiven ? arguments.Duration : TimeSpan.FromSeconds(20);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (AppHostRun.InterruptIgnored())
        {
            throw new BenchmarkException("this benchmark stops the AppHost with Ctrl+C's signal (SIGINT), which this process ignores; run `bash bench/run faults` in the foreground.");
        }

        if (Duration < FaultAt + Window)
        {
            throw new BenchmarkException($"--duration must be at least {(FaultAt + Window).TotalSeconds:0} s: the fault comes {FaultAt.TotalSeconds:0} s in, and the {Window.TotalSeconds:0} s after it are measured");
        }

        var root = RepositoryRoot.Find();
        var machine = await MachineInfo.CollectAsync(root, tracker, cancellationToken);
        var startedAt = DateTimeOffset.Now;
        var work = Directory.CreateTempSubdirectory("modelplane-bench-faults-");
        try
        {
            var port = AppHostRun.FreePort();
            string[] command = ["dotnet", "run", "-c", "Release", "--no-build", "--project", "AppHost", "--", .. AppHostRun.Settings(work.FullName, port)];
            Console.WriteLine($"Faults: {Rate:0} requests/s through the gateway to {Replica} for {Duration.TotalSeconds:0} s a run; {FaultAt.TotalSeconds:0} s in, nothing, SIGTERM or SIGKILL");
            Console.WriteLine($"starting: {Executable.Display(command)}");
            await using var apphost = AppHostRun.Start(root, command, Path.Combine(work.FullName, "apphost.log"), tracker);
            await apphost.WaitUntilReadyAsync(cancellationToken);
            var replica = apphost.AddressOf(Replica);
            var target = new AttackTarget("gateway", new Uri($"http://127.0.0.1:{port}{PredictPath}"), Host, Encoding.UTF8.GetBytes(Instances), [("x-modelplane-revision", "default")]);

            Console.Write($"  warm-up {WarmUp.TotalSeconds:0} s ...");
            await ConstantRateAttack.RunAsync(target, Rate, WarmUp, cancellationToken);
            Console.WriteLine(" done");
            var runs = new List<FaultRun>();
            foreach (var (label, signal) in new[] { ("nothing killed", 0), ("SIGTERM", 15), ("SIGKILL", 9) })
            {
                runs.Add(await RunOnceAsync(target, replica, label, signal, cancellationToken));
            }

            await apphost.StopAsync();
            var tables = runs.Skip(1).Select(run => Table(runs[0], run)).ToList();
            Console.WriteLine();
            foreach (var table in tables)
            {
                Console.Write(table.ToText());
                Console.WriteLine();
            }

            var report = new ResultsReport("Faults: a replica stopped, killed and started again under load", startedAt, arguments, machine);
            report.Line($"| load | {Rate:0} requests/s for {Duration.TotalSeconds:0} s a run, open loop (vegeta's attack, in the harness), through the gateway of `dotnet run -c Release --no-build --project AppHost` (the sample graph), pinned to the default revision of `sklearn-iris` (`x-modelplane-revision: default`), whose one predictor replica is {Replica}; after a {WarmUp.TotalSeconds:0} s warm-up |");
            report.Line($"| faults | {FaultAt.TotalSeconds:0} s into the run: nothing; SIGTERM to the replica's process; SIGKILL to it. The AppHost starts it again (at once, then after 1 s: its back-off); the next run starts once it is ready |");
            report.Line($"| after the fault | the requests sent in the {Window.TotalSeconds:0} s from the fault (the same moment of the run with nothing killed): those the gateway held while the replica drained, restarted and loaded its model, and those after |");
            report.Line($"| request | `POST {PredictPath}` with `{Instances}` |");
            report.Line(string.Empty);
            foreach (var table in tables)
            {
                report.Append(table.ToMarkdown());
                report.Line(string.Empty);
            }

            report.Line("Target (issue 16): SIGTERM of a serving replica under 300 requests/s loses no request; SIGKILL loses at most the requests inside it at that moment.");
            report.Line(string.Empty);
            foreach (var run in runs)
            {
                report.Line($"{run.Label}, as vegeta reports it:");
                report.Line(string.Empty);
                report.Line("```text");
                report.Append(AttackReport.ToText(run.Result));
                report.Line("```");
                report.Line(string.Empty);
            }

            await report.RecordAsync(root, Name, startedAt, cancellationToken);
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task<FaultRun> RunOnceAsync(AttackTarget target, Uri replica, string label, int signal, CancellationToken cancellationToken)
    {
        await WaitUntilReadyAsync(replica, cancellationToken);
        var pid = ListeningProcess.Find(replica.Port) ?? throw new BenchmarkException($"no process of this user listens on port {replica.Port}");
        Console.Write($"  {label,-15} {Duration.TotalSeconds:0} s at {Rate:0} requests/s{(signal == 0 ? string.Empty : $", {label} to process {pid} after {FaultAt.TotalSeconds:0} s")} ...");
        var fault = Task.Run(
            async () =>
            {
                await Task.Delay(FaultAt, cancellationToken);
                if (signal != 0 && AppHostRun.Kill(pid, signal) != 0)
                {
                    throw new BenchmarkException($"could not send {label} to process {pid}: errno {Marshal.GetLastPInvokeError()}");
                }
            },
            cancellationToken);
        var result = await ConstantRateAttack.RunAsync(target, Rate, Duration, cancellationToken);
        await fault;
        var run = new FaultRun(label, result, Rate, FaultAt, Window);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $" {run.Lost} lost, after the fault p99 {run.After.P99:0.0} ms, max {run.After.Max:0.0} ms"));
        return run;
    }

    private static ComparisonTable Table(FaultRun quiet, FaultRun faulted) => new(quiet.Label, faulted.Label,
    [
        new("requests", quiet.Result.Requests, faulted.Result.Requests, "N0"),
        new("lost (not 2xx, or no answer)", quiet.Lost, faulted.Lost, "N0", faulted.Label == "SIGTERM" ? NoneLost : null),
        new("  of them sent before the signal", quiet.LostBefore, faulted.LostBefore, "N0"),
        new("  sent within 20 ms after it", quiet.LostSoonAfter, faulted.LostSoonAfter, "N0"),
        new("all: p50 (ms)", quiet.Result.Milliseconds(50), faulted.Result.Milliseconds(50), "0.00"),
        new("all: p99 (ms)", quiet.Result.Milliseconds(99), faulted.Result.Milliseconds(99), "0.00"),
        new($"sent in the {Window.TotalSeconds:0} s after the fault", quiet.After.Count, faulted.After.Count, "N0"),
        new("  of them over 100 ms (held)", quiet.After.Over100, faulted.After.Over100, "N0"),
        new("  p50 (ms)", quiet.After.P50, faulted.After.P50, "0.00"),
        new("  p99 (ms)", quiet.After.P99, faulted.After.P99, "0.00"),
        new("  max (ms)", quiet.After.Max, faulted.After.Max, "0.00"),
    ]);

    private static async Task WaitUntilReadyAsync(Uri replica, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                using var response = await client.GetAsync(new Uri(replica, "/v2/health/ready"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new BenchmarkException($"{Replica} at {replica} was not ready again within 2 minutes");
    }

    /// <summary>One run: its result, the requests lost, and the latency of those sent in the window after the fault.</summary>
    private sealed class FaultRun
    {
        public FaultRun(string label, AttackResult result, double rate, TimeSpan faultAt, TimeSpan window)
        {
            Label = label;
            Result = result;
            Lost = result.Answers.Count(a => a.Status is < 200 or >= 300);
            var first = (int)(faultAt.TotalSeconds * rate);
            LostBefore = result.Answers.Take(first).Count(a => a.Status is < 200 or >= 300);
            LostSoonAfter = result.Answers.Skip(first).Take((int)Math.Ceiling(0.020 * rate)).Count(a => a.Status is < 200 or >= 300);
            var after = result.Answers.Skip(first).Take((int)(window.TotalSeconds * rate)).Select(a => a.Microseconds / 1000.0).Order().ToList();
            After = new Latencies(after.Count, after.Count(ms => ms > 100), NearestRank.Percentile(after, 50), NearestRank.Percentile(after, 99), after[^1]);
        }

        public string Label { get; }

        public AttackResult Result { get; }

        public int Lost { get; }

        /// <summary>Lost requests sent before the signal: those that may have been inside the replica.</summary>
        public int LostBefore { get; }

        /// <summary>Lost requests sent in the 20 ms after the signal, while the kernel was still tearing the killed process down and its sockets still took requests.</summary>
        public int LostSoonAfter { get; }

        public Latencies After { get; }

    }

    private sealed record Latencies(int Count, int Over100, double P50, double P99, double Max);
}
