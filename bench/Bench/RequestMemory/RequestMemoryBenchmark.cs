using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Modelplane.Bench.Machine;
using Modelplane.Bench.Processes;
using Modelplane.Bench.Reporting;

namespace Modelplane.Bench.RequestMemory;

/// <summary>
/// Issue 16's bound on memory per request: the predictor's resident set before, at its peak during, and 10 s after one
/// large JSON request (v1 instances and v2 inputs, 30 and 60 MB), each in a fresh predictor, against the documented bound.
/// </summary>
internal sealed class RequestMemoryBenchmark(BenchArguments arguments, ChildProcessTracker tracker)
{
    public const string Name = "memory";

    /// <summary>The bound README.md documents: a JSON request adds at most this many times its body size at peak.</summary>
    public const double PeakBound = 2.0;

    /// <summary>The other half of the bound: 10 s after the answer, at most this share of the body is still held.</summary>
    public const double HeldBound = 0.25;

    private const int Features = 1024;
    private const double Megabyte = 1_000_000;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(10);
    private static readonly int[] SizesMegabytes = [30, 60];
    private static readonly string[] Header = ["request", "body (MB)", "rows", "before (MB)", "peak (MB)", "peak added ÷ body", "after 10 s (MB)", "held ÷ body", "answer (s)", "bound"];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        var pinning = CpuPinning.None("memory is measured, not speed: the predictor runs as it would anywhere");
        var machine = await MachineInfo.CollectAsync(root, tracker, cancellationToken);
        var startedAt = DateTimeOffset.Now;
        return await ServerLogs.KeepOnFailureAsync(async logs =>
        {
            var repository = Path.Combine(logs.FullName, "models");
            var (exitCode, output) = await Executable.RunAsync(
                ["dotnet", "models/ModelBuilder/bin/Release/net10.0/Modelplane.ModelBuilder.dll", "rowsum", "--output", repository], root, tracker, cancellationToken);
            if (exitCode != 0)
            {
                throw new BenchmarkException($"building the rowsum model failed:\n{output}");
            }

            Console.Write(output);
            var spec = new ServerSpec("predictor", "services/Predictor/bin/Release/net10.0/Modelplane.Predictor.dll", ["--model-repository", repository, "--grpc_port", "-1"], "/v2/health/ready");
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            var launcher = new ServerLauncher(root, logs.FullName, pinning, tracker, http);
            Console.WriteLine($"Memory per request: one large JSON request of FP32 rows of {Features} to a fresh predictor, resident set before, at peak and {After.TotalSeconds:0} s after");

            var results = new List<Measurement>();
            foreach (var protocol in (Protocol[])[Protocol.V1, Protocol.V2])
            {
                foreach (var size in SizesMegabytes)
                {
                    var (body, rows) = Body(protocol, (long)(size * Megabyte));
                    await using var server = await launcher.StartAnnouncedAsync(spec with { Name = $"predictor-{Label(protocol)}-{size}mb" }, cancellationToken);
                    foreach (var warm in (Protocol[])[Protocol.V1, Protocol.V2])
                    {
                        var (small, smallRows) = Body(warm, 1);
                        await PostAsync(http, server, warm, small, smallRows, cancellationToken);
                    }

                    await Task.Delay(Settle, cancellationToken);
                    var before = ProcessMemory.Read(server.Id);
                    var clock = Stopwatch.StartNew();
                    await PostAsync(http, server, protocol, body, rows, cancellationToken);
                    var seconds = clock.Elapsed.TotalSeconds;
                    var answered = ProcessMemory.Read(server.Id);
                    await Task.Delay(After, cancellationToken);
                    var later = ProcessMemory.Read(server.Id);
                    var measurement = new Measurement(protocol, body.Length, rows, before, answered, later, seconds);
                    results.Add(measurement);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {measurement.Request}: answered in {seconds:0.00} s; peak +{measurement.PeakAdded / Megabyte:N0} MB ({measurement.PeakRatio:0.00}× the body), {measurement.Held / Megabyte:N0} MB still held after {After.TotalSeconds:0} s"));
                }
            }

            var cells = Cells(results);
            Console.WriteLine();
            Console.Write(TextTable.ToText(cells, IsNumeric));

            var report = new ResultsReport("Memory per request: large JSON requests to the predictor", startedAt, arguments, machine);
            report.Line($"| model | `dotnet run --project models/ModelBuilder -- rowsum`: ReduceSum of FP32 [batch, {Features}] into [batch, 1], so the answer is small and the request is what is measured |");
            report.Line($"| predictor | `{string.Join(' ', launcher.CommandFor(spec with { Arguments = ["--model-repository", "MODELS", "--grpc_port", "-1"] }))}`, a fresh process per request, unpinned |");
            report.Line($"| requests | v1 `POST /v1/models/rowsum:predict` with `{{\"instances\": [[...1024 numbers], ...]}}`; v2 `POST /v2/models/rowsum/infer` with one FP32 input of shape [rows, {Features}] and a flat `data` list; pseudo-random numbers in [-1, 1] with 7 decimals (about 10 bytes each, as clients write them); `Content-Length` set |");
            report.Line($"| sequence | one small v1 and one small v2 request (start-up and first-call costs), {Settle.TotalSeconds:0} s pause, **before** = VmRSS; the large request; **peak** = VmHWM once it is answered; **after** = VmRSS {After.TotalSeconds:0} s later |");
            report.Line(string.Empty);
            report.Append(TextTable.ToMarkdown(cells, IsNumeric));
            report.Line(string.Empty);
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"MB are 10^6 bytes. Bound (README.md, \"Limits\"): a JSON request adds at most {PeakBound:0.0}× its body size to the resident set at peak, and {After.TotalSeconds:0} s after its answer holds at most {HeldBound:0.00}× of it."));
            await report.RecordAsync(root, "request-memory", startedAt, cancellationToken);
            return results.All(r => r.WithinBound) ? 0 : 1;
        });
    }

    private static bool IsNumeric(int column) => column is > 0 and < 9;

    private static List<string[]> Cells(IEnumerable<Measurement> results)
    {
        var cells = new List<string[]> { Header.ToArray() };
        foreach (var r in results)
        {
            cells.Add(
            [
                r.Request,
                Mb(r.BodyBytes),
                r.Rows.ToString("N0", CultureInfo.InvariantCulture),
                Mb(r.Before.Resident),
                Mb(r.Answered.Peak),
                r.PeakRatio.ToString("0.00", CultureInfo.InvariantCulture) + "×",
                Mb(r.Later.Resident),
                r.HeldRatio.ToString("0.00", CultureInfo.InvariantCulture) + "×",
                r.Seconds.ToString("0.00", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"≤ {PeakBound:0.0}× / ≤ {HeldBound:0.00}×: {(r.WithinBound ? "within" : "OVER")}"),
            ]);
        }

        return cells;

        static string Mb(long bytes) => (bytes / Megabyte).ToString("N1", CultureInfo.InvariantCulture);
    }

    private static async Task PostAsync(HttpClient http, ServerProcess server, Protocol protocol, byte[] body, int rows, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var path = protocol == Protocol.V1 ? "/v1/models/rowsum:predict" : "/v2/models/rowsum/infer";
        using var response = await http.PostAsync(new Uri(server.BaseAddress, path), content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK || Answers(protocol, text) != rows)
        {
            throw new BenchmarkException($"{server.Spec.Name} answered {(int)response.StatusCode} '{text[..Math.Min(text.Length, 300)]}' instead of 200 with {rows} sums{server.LogTail()}");
        }
    }

    // The number of rows the answer sums: v1's predictions, or the first dimension of v2's output.
    private static long Answers(Protocol protocol, string text)
    {
        try
        {
            using var answer = JsonDocument.Parse(text);
            return protocol == Protocol.V1
                ? answer.RootElement.GetProperty("predictions").GetArrayLength()
                : answer.RootElement.GetProperty("outputs")[0].GetProperty("shape")[0].GetInt64();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return -1;
        }
    }

    /// <summary>A request body of about <paramref name="targetBytes"/> (at least one row), the same on every run.</summary>
    private static (byte[] Body, int Rows) Body(Protocol protocol, long targetBytes)
    {
        var random = new Random(16);
        var data = new ArrayBufferWriter<byte>();
        var rows = 0;
        do
        {
            Append(data, rows == 0 ? "" : ",");
            if (protocol == Protocol.V1)
            {
                Append(data, "[");
            }

            for (var i = 0; i < Features; i++)
            {
                var span = data.GetSpan(16);
                if (i > 0)
                {
                    span[0] = (byte)',';
                    span = span[1..];
                    data.Advance(1);
                }

                ((random.NextDouble() * 2) - 1).TryFormat(span, out var written, "0.0000000", CultureInfo.InvariantCulture);
                data.Advance(written);
            }

            if (protocol == Protocol.V1)
            {
                Append(data, "]");
            }

            rows++;
        }
        while (data.WrittenCount < targetBytes - 100);

        var (head, tail) = protocol == Protocol.V1
            ? ("{\"instances\":[", "]}")
            : (string.Create(CultureInfo.InvariantCulture, $"{{\"inputs\":[{{\"name\":\"input\",\"shape\":[{rows},{Features}],\"datatype\":\"FP32\",\"data\":["), "]}]}");
        return ([.. Encoding.UTF8.GetBytes(head), .. data.WrittenSpan, .. Encoding.UTF8.GetBytes(tail)], rows);

        static void Append(ArrayBufferWriter<byte> writer, string text) => writer.Write(Encoding.UTF8.GetBytes(text));
    }

    private static string Label(Protocol protocol) => protocol == Protocol.V1 ? "v1" : "v2";

    private enum Protocol
    {
        V1,
        V2,
    }

    private sealed record Measurement(Protocol Protocol, long BodyBytes, int Rows, ProcessMemory Before, ProcessMemory Answered, ProcessMemory Later, double Seconds)
    {
        public string Request => string.Create(CultureInfo.InvariantCulture, $"{(Protocol == Protocol.V1 ? "v1 instances" : "v2 inputs")}, {BodyBytes / Megabyte:0} MB");

        public long PeakAdded => Answered.Peak - Before.Resident;

        public double PeakRatio => (double)PeakAdded / BodyBytes;

        public long Held => Later.Resident - Before.Resident;

        public double HeldRatio => (double)Held / BodyBytes;

        public bool WithinBound => PeakRatio <= PeakBound && HeldRatio <= HeldBound;
    }
}
