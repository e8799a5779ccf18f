using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Modelplane.Bench.AppHost;
using Modelplane.Bench.Batching;
using Modelplane.Bench.GatewayHop;
using Modelplane.Bench.Gpu;
using Modelplane.Bench.PredictorRest;
using Modelplane.Bench.Protocols;
using Modelplane.Bench.RequestMemory;
using Modelplane.Bench.Transformer;

namespace Modelplane.Bench;

/// <summary>The harness's command line: which benchmark, and how long each run lasts.</summary>
internal sealed class BenchArguments
{
    public const string Usage = "usage: bash bench/run predictor|protocols|gateway|apphost|faults|coldstart|batching|transformer|memory [--duration SECONDS] [--warmup SECONDS]; bash bench/gpu/run [--duration SECONDS] [--warmup SECONDS] on a machine with an NVIDIA GPU";

    private static readonly string[] Benchmarks = [PredictorRestBenchmark.Name, ProtocolsBenchmark.Name, GatewayHopBenchmark.Name, AppHostBenchmark.Name, Faults.FaultsBenchmark.Name, Autoscaling.ColdStartBenchmark.Name, BatchingBenchmark.Name, TransformerBenchmark.Name, RequestMemoryBenchmark.Name, GpuBenchmark.Name];

    // ONNX Runtime's execution providers the GPU benchmark can set against the CPU.
    private static readonly string[] GpuProviders = ["cuda", "tensorrt"];

    private BenchArguments(string benchmark, TimeSpan duration, TimeSpan warmup, bool durationGiven, IReadOnlyList<string> providers)
    {
        Benchmark = benchmark;
        Duration = duration;
        Warmup = warmup;
        DurationGiven = durationGiven;
        Providers = providers;
    }

    public string Benchmark { get; }

    /// <summary>Length of each measured run.</summary>
    public TimeSpan Duration { get; }

    /// <summary>True when the command line set <see cref="Duration"/>, so a benchmark with a length of its own keeps the user's.</summary>
    public bool DurationGiven { get; }

    /// <summary>
    /// Length of the discarded load a freshly started server (or, in the protocols benchmark, each model and protocol)
    /// gets before its first measured run, so tiered compilation and dynamic PGO have finished: on one CPU the predictor
    /// needs about 40 s of load.
    /// </summary>
    public TimeSpan Warmup { get; }

    /// <summary>The GPU benchmark's execution providers (<c>--providers cuda,tensorrt</c>), each measured against the CPU; <c>cuda</c> by default.</summary>
    public IReadOnlyList<string> Providers { get; }

    /// <summary>The arguments as given, to record the exact command with the results.</summary>
    public IReadOnlyList<string> Raw { get; private init; } = [];

    public static bool TryParse(
        IReadOnlyList<string> args,
        [NotNullWhen(true)] out BenchArguments? parsed,
        [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        string? benchmark = null;
        var duration = TimeSpan.FromSeconds(15);
        var warmup = TimeSpan.FromSeconds(60);
        var durationGiven = false;
        string[] providers = ["cuda"];

        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = SplitOption(args[i]);
            switch (name)
            {
                case "--duration" or "--warmup":
                    var value = inlineValue ?? (i + 1 < args.Count ? args[++i] : null);
                    if (!TryParseSeconds(value, out var seconds))
                    {
                        error = $"{name} wants a whole number of seconds of at least 1, got '{value}'";
                        return false;
                    }

                    if (name == "--duration")
                    {
                        duration = seconds;
                        durationGiven = true;
                    }
                    else
                    {
                        warmup = seconds;
                    }

                    break;
                case "--providers":
                    var list = inlineValue ?? (i + 1 < args.Count ? args[++i] : null);
                    providers = list?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
                    if (providers.Length == 0 || providers.Any(p => !GpuProviders.Contains(p, StringComparer.Ordinal)) || providers.Distinct(StringComparer.Ordinal).Count() != providers.Length)
                    {
                        error = $"--providers wants execution providers from {string.Join(", ", GpuProviders)}, comma-separated, each once, got '{list}'";
                        return false;
                    }

                    break;
                case "-h" or "--help":
                    error = "help requested";
                    return false;
                default:
                    if (name.StartsWith('-') || benchmark is not null)
                    {
                        error = $"unexpected argument '{args[i]}'";
                        return false;
                    }

                    benchmark = name;
                    break;
            }
        }

        if (benchmark is null || !Benchmarks.Contains(benchmark, StringComparer.Ordinal))
        {
            error = benchmark is null
                ? "name a benchmark"
                : $"no benchmark named '{benchmark}' (there is: {string.Join(", ", Benchmarks)})";
            return false;
        }

        parsed = new BenchArguments(benchmark, duration, warmup, durationGiven, providers) { Raw = [.. args] };
        error = null;
        return true;
    }

    private static (string Name, string? Value) SplitOption(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    private static bool TryParseSeconds(string? value, out TimeSpan seconds)
    {
        seconds = default;
        var digits = value?.EndsWith('s') == true ? value[..^1] : value;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var whole) || whole < 1)
        {
            return false;
        }

        seconds = TimeSpan.FromSeconds(whole);
        return true;
    }
}
