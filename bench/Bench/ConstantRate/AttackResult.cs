using HdrHistogram;

namespace Modelplane.Bench.ConstantRate;

/// <summary>What an attack measured, as vegeta reports it: counts, durations, latencies, bytes, statuses and errors.</summary>
internal sealed class AttackResult(
    int requests,
    TimeSpan attack,
    TimeSpan wait,
    LongHistogram latencies,
    long bytesIn,
    long bytesOut,
    IReadOnlyDictionary<int, int> statusCodes,
    IReadOnlyDictionary<string, int> errors,
    IReadOnlyList<AttackResult.Answer> answers)
{
    /// <summary>One request's status (0 when it got no answer) and latency; the n-th was sent n ÷ rate after the start.</summary>
    public readonly record struct Answer(int Status, long Microseconds);

    /// <summary>Every request, in the order they were sent.</summary>
    public IReadOnlyList<Answer> Answers { get; } = answers;

    /// <summary>Requests sent.</summary>
    public int Requests { get; } = requests;

    /// <summary>From the first request sent to the last.</summary>
    public TimeSpan Attack { get; } = attack;

    /// <summary>From the last request sent to its answer.</summary>
    public TimeSpan Wait { get; } = wait;

    /// <summary>Every request's latency in microseconds, from its first byte sent to its last byte received.</summary>
    public LongHistogram Latencies { get; } = latencies;

    public long BytesIn { get; } = bytesIn;

    public long BytesOut { get; } = bytesOut;

    /// <summary>Answers by status code; 0 counts requests that got no answer.</summary>
    public IReadOnlyDictionary<int, int> StatusCodes { get; } = statusCodes;

    /// <summary>Requests that failed, by reason.</summary>
    public IReadOnlyDictionary<string, int> Errors { get; } = errors;

    public int Successes => StatusCodes.Where(s => s.Key is >= 200 and < 400).Sum(s => s.Value);

    public double SuccessRatio => Requests == 0 ? 0 : (double)Successes / Requests;

    public double Rate => Requests / Attack.TotalSeconds;

    public double Throughput => Successes / (Attack + Wait).TotalSeconds;

    public double Milliseconds(double percentile) => Latencies.GetValueAtPercentile(percentile) / 1000.0;

    public double MeanMilliseconds => Latencies.GetMean() / 1000.0;

    public double MinMilliseconds => Latencies.GetValueAtPercentile(0) / 1000.0;

    public double MaxMilliseconds => Latencies.GetMaxValue() / 1000.0;
}
