using System.Diagnostics;
using System.Numerics;
using Modelplane.Serving.Routing;

namespace Modelplane.Gateway.Autoscaling;

/// <summary>
/// The load of one component of a revision: requests in flight, the integral of that count over time, arrivals, and
/// requests held for a ready replica. Every request updates it with atomic adds and no lock; once a second the load
/// report's clock closes a bucket (<see cref="CloseBucket"/>).
/// </summary>
internal sealed class ComponentCounters
{
    // The in-flight count and the integral of it over time share one word, so that one atomic add moves both and the
    // clock never reads one without the other: the low InFlightBits bits count the requests in flight, the rest add up
    // the exit times less the enter times of the requests counted (a request still in flight has only its negative
    // enter time). At time t that sum plus in-flight × t is the integral since the start, and its change over a bucket
    // is the bucket's area. The sum wraps, harmlessly: a change of wrapped values is exact while the area fits the upper
    // bits' 2^43 time units, some 4 million requests in flight for a whole second. A million in flight at one
    // component would carry into the sum; the hold queue and the connections a gateway takes stop far short of that.
    private const int InFlightBits = 20;
    private const long InFlightMask = (1L << InFlightBits) - 1;

    // Time is counted in Stopwatch ticks shifted down to units of at most a microsecond, so the sum has room to wrap
    // slowly and a shift, not a division, converts a timestamp.
    private static readonly int TimeShift = BitOperations.Log2((ulong)Math.Max(1, Stopwatch.Frequency / 1_000_000));

    private readonly ComponentCounters? _calls;
    private long _word;
    private long _arrivals;
    private int _held;

    // Written by the clock only.
    private long _bucketTotal;
    private long _bucketUnits;

    /// <summary>
    /// Counters for <paramref name="key"/>; a request counted here is counted at <paramref name="calls"/> too (the
    /// predictor a transformer or an explainer calls), from <paramref name="timestamp"/>, a <see cref="Stopwatch"/> timestamp.
    /// </summary>
    public ComponentCounters(ComponentKey key, ComponentCounters? calls, long timestamp)
    {
        Key = key;
        _calls = calls;
        _bucketUnits = timestamp >> TimeShift;
    }

    public ComponentKey Key { get; }

    /// <summary>The requests in flight on average over the last closed bucket, weighted by time.</summary>
    public double Concurrency { get; private set; }

    /// <summary>The requests that arrived in the last closed bucket.</summary>
    public long Requests { get; private set; }

    /// <summary>The requests in flight when the last bucket closed.</summary>
    public int InFlight { get; private set; }

    /// <summary>The requests waiting for a ready replica now.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>A request arrives at <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void Enter(long timestamp)
    {
        Interlocked.Add(ref _word, unchecked(1 - ((timestamp >> TimeShift) << InFlightBits)));
        Interlocked.Increment(ref _arrivals);
        _calls?.Enter(timestamp);
    }

    /// <summary>A request that <see cref="Enter"/> counted is done, answered or failed, at <paramref name="timestamp"/>.</summary>
    public void Exit(long timestamp)
    {
        Interlocked.Add(ref _word, unchecked(((timestamp >> TimeShift) << InFlightBits) - 1));
        _calls?.Exit(timestamp);
    }

    /// <summary>A request starts waiting for a ready replica; true when none was waiting before it.</summary>
    public bool Hold() => Interlocked.Increment(ref _held) == 1;

    /// <summary>A request <see cref="Hold"/> counted stops waiting.</summary>
    public void Release() => Interlocked.Decrement(ref _held);

    /// <summary>Ends the bucket at <paramref name="timestamp"/>: its concurrency, requests and in-flight count become the last bucket's.</summary>
    public void CloseBucket(long timestamp)
    {
        var word = Volatile.Read(ref _word);
        var inFlight = word & InFlightMask;
        var units = timestamp >> TimeShift;
        var total = unchecked(word - inFlight + ((inFlight * units) << InFlightBits));
        var area = unchecked(total - _bucketTotal) >> InFlightBits;
        var elapsed = units - _bucketUnits;
        Concurrency = elapsed > 0 ? Math.Max(0, (double)area / elapsed) : inFlight;
        Requests = Interlocked.Exchange(ref _arrivals, 0);
        InFlight = (int)inFlight;
        _bucketTotal = total;
        _bucketUnits = units;
    }
}
