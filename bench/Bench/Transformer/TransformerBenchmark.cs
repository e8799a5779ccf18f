using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Modelplane.Bench.Comparison;
using Modelplane.Bench.Machine;
using Modelplane.Bench.Processes;
using Modelplane.Bench.Reporting;
using Modelplane.Bench.Wrk;
using static Modelplane.Bench.Comparison.MeasuredRun;

namespace Modelplane.Bench.Transformer;

/// <summary>
/// Image classification through the transformer (a JPEG in KServe's v1 form, decoded, resized and normalized, then
/// the predictor, then argmax with labels) against the predictor alone given the very tensor the transformer makes,
/// ready-made; both on PaddleOCR's orientation classifier. The difference is what the transformer costs.
/// </summary>
internal sealed class TransformerBenchmark(BenchArguments arguments, ChildProcessTracker tracker)
{
    public const string Name = "transformer";

    private const string Repository = "models/ocr/repository";
    private const string Pipeline = "models/ocr/transformer.json";
    private const string Image = "models/ocr/samples/invoice-2048.jpg";
    private const string GeneratedDirectory = "bench/wrk/generated";
    private const string TensorBody = GeneratedDirectory + "/ocr-cls-tensor.bin";
    private const string ImageBody = GeneratedDirectory + "/ocr-cls-image.json";
    private const string PredictorPath = "/v2/models/ocr-cls/infer";
    private const string TransformerPath = "/v1/models/ocr-cls:predict";
    private const int ManyConnections = 32;
    private const int OneConnection = 1;

    // What the pipeline makes of a text line for the classifier: FP32 [1, 3, 48, 192].
    private static readonly long[] TensorShape = [1, 3, 48, 192];

    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5);

    private static readonly ServerSpec Predictor = new(
        "predictor", "services/Predictor/bin/Release/net10.0/Modelplane.Predictor.dll", ["--model-repository", Repository, "--grpc_port", "-1"], "/v2/health/ready");

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        Executable.Require("wrk", "wrk", Name);

        if (!File.Exists(Path.Combine(root, Repository, "ocr-cls", "1", "model.onnx")))
        {
            throw new BenchmarkException($"{Repository} has no ocr-cls model; `bash models/ocr/fetch` lays it out (`bash bench/run transformer` runs it)");
        }

        Directory.CreateDirectory(Path.Combine(root, GeneratedDirectory));
        var (tensorBody, tensorJsonLength) = TensorRequest();
        var imageBody = ImageRequest(await File.ReadAllBytesAsync(Path.Combine(root, Image), cancellationToken));
        await File.WriteAllBytesAsync(Path.Combine(root, TensorBody), tensorBody, cancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(root, ImageBody), imageBody, cancellationToken);

        var pinning = CpuPinning.Detect();
        var machine = await MachineInfo.CollectAsync(root, tracker, cancellationToken);
        var startedAt = DateTimeOffset.Now;
        var direct = new WrkRunner(root, WrkScript.PostBinary(TensorBody, tensorJsonLength), pinning, tracker);
        var through = new WrkRunner(root, WrkScript.PostJson(ImageBody), pinning, tracker);

        Console.WriteLine(
            $"Image classification through transformer + predictor against the predictor alone with a ready-made tensor: {Seconds(arguments.Duration)} measured per run, "
            + $"after a {Seconds(arguments.Warmup)} warm-up for the first run of each and {Seconds(Settle)} before every later run");
        Console.WriteLine($"pinning: {pinning.Description}; the transformer and the predictor share the server CPU");

        return await ServerLogs.KeepOnFailureAsync(async logs =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var launcher = new ServerLauncher(root, logs.FullName, pinning, tracker, http);
            await using var predictor = await launcher.StartAnnouncedAsync(Predictor, cancellationToken);
            var transformerSpec = TransformerSpec(predictor.BaseAddress);
            await using var transformer = await launcher.StartAnnouncedAsync(transformerSpec, cancellationToken);
            await ValidateAsync(http, new Uri(predictor.BaseAddress, PredictorPath), tensorBody, tensorJsonLength, "\"softmax_0.tmp_0\"", predictor, cancellationToken);
            await ValidateAsync(http, new Uri(transformer.BaseAddress, TransformerPath), imageBody, null, "\"angle\":\"0\"", transformer, cancellationToken);

            var results = new Dictionary<(string Server, int Connections), WrkResult>();
            var warmup = arguments.Warmup;
            foreach (var connections in (int[])[ManyConnections, OneConnection])
            {
                results[(Predictor.Name, connections)] = await MeasureAsync(direct, predictor, PredictorPath, connections, warmup, cancellationToken);
                results[(transformerSpec.Name, connections)] = await MeasureAsync(through, transformer, TransformerPath, connections, warmup, cancellationToken);
                warmup = Settle;
            }

            var table = BuildTable(results, transformerSpec.Name);
            var share = Share(results, transformerSpec.Name);
            Console.WriteLine();
            Console.Write(table.ToText());
            Console.WriteLine();
            Console.WriteLine(share);

            var report = Report(table, share, machine, pinning, launcher, transformerSpec, direct, through, startedAt, tensorBody.Length, imageBody.Length);
            await report.RecordAsync(root, "transformer", startedAt, cancellationToken);
            return 0;
        });
    }

    private static ServerSpec TransformerSpec(Uri predictor) => new(
        "transformer",
        "services/Transformer/bin/Release/net10.0/Modelplane.Transformer.dll",
        ["--pipeline", Pipeline, "--predictor_host", $"127.0.0.1:{predictor.Port.ToString(CultureInfo.InvariantCulture)}", "--grpc_port", "-1"],
        "/v2/health/ready");

    /// <summary>
    /// The predictor's request in the binary tensor extension, as the transformer sends it: a mid-grey text line,
    /// normalized, every output asked for as binary. The values do not change the model's work; the shape does.
    /// </summary>
    private static (byte[] Body, int JsonLength) TensorRequest()
    {
        var count = (int)TensorShape.Aggregate(1L, (product, dim) => product * dim);
        var json = Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $$$"""{"inputs":[{"name":"x","datatype":"FP32","shape":[{{{string.Join(',', TensorShape)}}}],"parameters":{"binary_data_size":{{{count * sizeof(float)}}}}}],"parameters":{"binary_data_output":true}}"""));
        var body = new byte[json.Length + (count * sizeof(float))];
        json.CopyTo(body, 0);
        for (var i = 0; i < count; i++)
        {
            // A stripe pattern between white and dark grey, after (p / 255 - 0.5) / 0.5.
            var pixel = (i / 7) % 3 == 0 ? 40f : 250f;
            BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(json.Length + (i * sizeof(float))), ((pixel / 255f) - 0.5f) / 0.5f);
        }

        return (body, json.Length);
    }

    /// <summary>KServe's v1 image form: the JPEG, base64, under <c>image_bytes</c>.</summary>
    private static byte[] ImageRequest(byte[] jpeg) =>
        Encoding.UTF8.GetBytes($$$"""{"instances":[{"image_bytes":{"b64":"{{{Convert.ToBase64String(jpeg)}}}"}}]}""");

    /// <summary>Once, before any load: a broken path would otherwise be measured answering errors at full speed.</summary>
    private static async Task ValidateAsync(
        HttpClient http, Uri url, byte[] body, int? jsonLength, string expected, ServerProcess server, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(jsonLength is null ? "application/json" : "application/octet-stream");
        if (jsonLength is { } length)
        {
            content.Headers.Add("Inference-Header-Content-Length", length.ToString(CultureInfo.InvariantCulture));
        }

        try
        {
            using var response = await http.PostAsync(url, content, cancellationToken);
            var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var header = response.Headers.TryGetValues("Inference-Header-Content-Length", out var values) ? int.Parse(values.First(), CultureInfo.InvariantCulture) : answer.Length;
            var text = Encoding.UTF8.GetString(answer, 0, Math.Min(header, answer.Length));
            if (response.StatusCode != HttpStatusCode.OK || !text.Contains(expected, StringComparison.Ordinal))
            {
                throw new BenchmarkException($"POST {url.AbsolutePath} answered {(int)response.StatusCode} '{text}' instead of 200 with {expected}{server.LogTail()}");
            }

            Console.WriteLine($"  {server.Spec.Name} answers POST {url.AbsolutePath}: {text}");
        }
        catch (HttpRequestException e)
        {
            throw new BenchmarkException($"POST {url} failed: {e.Message}", e);
        }
    }

    private TimeSpan Settle => SettleTime < arguments.Warmup ? SettleTime : arguments.Warmup;

    private async Task<WrkResult> MeasureAsync(
        WrkRunner wrk, ServerProcess server, string path, int connections, TimeSpan warmup, CancellationToken cancellationToken)
    {
        var url = new Uri(server.BaseAddress, path);
        var label = $"{server.Spec.Name}, {connections} connection{(connections == 1 ? string.Empty : "s")}";
        return await MeasuredRun.RunAsync(
            $"{label,-28}",
            warmup,
            arguments.Duration,
            duration => wrk.RunAsync(url, connections, duration, cancellationToken),
            server.ThrowIfExited,
            cancellationToken);
    }

    private static ComparisonTable BuildTable(Dictionary<(string Server, int Connections), WrkResult> results, string transformer)
    {
        ComparisonRow Row(string figure, int connections, Func<WrkResult, double> value, string format) =>
            new(figure, value(results[(Predictor.Name, connections)]), value(results[(transformer, connections)]), format);

        return new ComparisonTable("predictor alone", "transformer + predictor",
        [
            Row("32 connections: requests/s", ManyConnections, r => r.RequestsPerSecond, "N0"),
            Row("32 connections: p50 (ms)", ManyConnections, r => r.P50Milliseconds, "0.000"),
            Row("32 connections: p99 (ms)", ManyConnections, r => r.P99Milliseconds, "0.000"),
            Row("1 connection: p50 (ms)", OneConnection, r => r.P50Milliseconds, "0.000"),
            Row("1 connection: p99 (ms)", OneConnection, r => r.P99Milliseconds, "0.000"),
            Row("1 connection: requests/s", OneConnection, r => r.RequestsPerSecond, "N0"),
        ]);
    }

    /// <summary>
    /// The transformer's share: of the latency one request sees alone (p50 at one connection), and of the server CPU
    /// a request costs (from requests/s at 32 connections, where the one server CPU is saturated).
    /// </summary>
    private static string Share(Dictionary<(string Server, int Connections), WrkResult> results, string transformer)
    {
        var alone = results[(Predictor.Name, OneConnection)].P50Milliseconds;
        var through = results[(transformer, OneConnection)].P50Milliseconds;
        var cpuAlone = 1000 / results[(Predictor.Name, ManyConnections)].RequestsPerSecond;
        var cpuThrough = 1000 / results[(transformer, ManyConnections)].RequestsPerSecond;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"transformer's share of latency (p50, 1 connection): {through - alone:0.000} of {through:0.000} ms = {(through - alone) / through:P0}; "
            + $"of server CPU per request (32 connections): {cpuThrough - cpuAlone:0.000} of {cpuThrough:0.000} ms = {(cpuThrough - cpuAlone) / cpuThrough:P0}");
    }

    private ResultsReport Report(
        ComparisonTable table,
        string share,
        MachineInfo machine,
        CpuPinning pinning,
        ServerLauncher launcher,
        ServerSpec transformer,
        WrkRunner direct,
        WrkRunner through,
        DateTimeOffset startedAt,
        int tensorBodyLength,
        int imageBodyLength)
    {
        var report = new ResultsReport("Image classification through the transformer against the predictor alone", startedAt, arguments, machine);
        void Line(string text) => report.Line(text);

        Line($"| load generator | {machine.Wrk}, 1 thread, `--latency` |");
        Line($"| pinning | {pinning.Description}; the transformer and the predictor share the server CPU, so requests/s at 32 connections is what a request costs both |");
        Line($"| runs | predictor alone then transformer + predictor at 32 connections, then both at 1; {Seconds(arguments.Duration)} measured each, after a discarded warm-up at the same connection count: {Seconds(arguments.Warmup)} for the first run of each, {Seconds(Settle)} for the second |");
        Line($"| model | PaddleOCR's text-line orientation classifier (`ocr-cls`, `{Repository}`), input FP32 [{string.Join(',', TensorShape)}] |");
        Line($"| predictor alone | `POST {PredictorPath}` with the tensor ready-made, in the binary tensor extension ({tensorBodyLength:N0} bytes), outputs asked for as binary, as the transformer asks |");
        Line($"| transformer + predictor | `POST {TransformerPath}` with `{Image}` as `{{\"instances\": [{{\"image_bytes\": {{\"b64\": ...}}}}]}}` ({imageBodyLength:N0} bytes): decode, resize to 48 high, pad to 192, BGR, normalize; the predictor; argmax with labels |");
        Line($"| predictor | `{string.Join(' ', launcher.CommandFor(Predictor))}` (from the repository root) |");
        Line($"| transformer | `{string.Join(' ', launcher.CommandFor(transformer))}` |");
        Line($"| wrk | `{string.Join(' ', direct.CommandFor("URL", ManyConnections, arguments.Duration))}`; `{string.Join(' ', through.CommandFor("URL", ManyConnections, arguments.Duration))}`; and `-c1` |");
        Line(string.Empty);
        report.Append(table.ToMarkdown());
        Line(string.Empty);
        Line(share + ".");
        Line(string.Empty);
        Line("Ratios are transformer + predictor ÷ predictor alone. DESIGN.md sets no target for the transformer; the figures say what "
            + "pre- and post-processing and the extra hop cost. Latencies are wrk's percentiles (closed loop). Runs with any socket error "
            + "or status >= 400 are rejected, not recorded.");
        return report;
    }

}
