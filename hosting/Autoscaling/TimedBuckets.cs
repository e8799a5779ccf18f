namespace Modelplane.Hosting.Autoscaling;

/// <summary>Knative's <c>TimedFloat64Buckets</c> with one-second buckets: a ring over one window whose average counts the seconds from the first write to the last.</summary>
/// <remarks>
/// A port of <c>pkg/autoscaler/aggregation/bucketing.go</c>, kept as close to it as C# allows so its behaviour can be
/// checked against Knative's tests: a gap between writes counts as zeros, but the seconds before the first write and
/// after the last do not, so a window that has only just begun to fill, or whose newest seconds have not been reported
/// yet, is not diluted by seconds nobody measured. A window with no write for its whole length averages zero.
/// </remarks>
internal sealed class TimedBuckets
{
    private static readonly TimeSpan Granularity = TimeSpan.FromSeconds(1);

    private readonly double[] _buckets;
    private readonly TimeSpan _window;
    private bool _written;
    private TimeSpan _firstWrite;
    private TimeSpan _lastWrite;

    // Includes buckets the ring still holds from before the window; WindowAverage subtracts those.
    private double _windowTotal;

    public TimedBuckets(TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, Granularity);
        _window = window;
        _buckets = new double[(int)Math.Ceiling(window / Granularity)];
    }

    /// <summary>Adds <paramref name="value"/> to the bucket of the second <paramref name="at"/> falls in.</summary>
    public void Record(TimeSpan at, double value)
    {
        var bucketTime = Truncate(at);
        if (!_written || bucketTime - _lastWrite >= _window)
        {
            // The first write, or none for a whole window: what the ring holds is older than the window.
            Array.Clear(_buckets);
            _windowTotal = 0;
            _firstWrite = bucketTime;
            _lastWrite = bucketTime;
            _written = true;
        }
        else if (bucketTime != _lastWrite)
        {
            if (bucketTime + _window <= _lastWrite)
            {
                // A window older than the newest write: it has already left every average.
                return;
            }

            if (bucketTime < _firstWrite)
            {
                _firstWrite = bucketTime;
            }

            if (bucketTime > _lastWrite)
            {
                // Seconds skipped since the last write count as zeros; their slots still hold a lap-old value.
                for (var i = Second(_lastWrite) + 1; i <= Second(bucketTime); i++)
                {
                    var slot = Slot(i);
                    _windowTotal -= _buckets[slot];
                    _buckets[slot] = 0;
                }

                _lastWrite = bucketTime;
            }
        }

        _buckets[Slot(Second(bucketTime))] += value;
        _windowTotal += value;
    }

    /// <summary>The average of the buckets from the first write (or the window's start, if later) to the last write.</summary>
    public double WindowAverage(TimeSpan now)
    {
        if (!_written)
        {
            return 0;
        }

        now = Truncate(now);
        var span = Second(_lastWrite) - Second(_firstWrite) + 1;
        var lag = now - _lastWrite;
        if (lag <= TimeSpan.Zero)
        {
            return RoundTo6Digits(_windowTotal / Math.Min(span, _buckets.Length));
        }

        if (lag < _window)
        {
            var total = _windowTotal;
            var lastIndex = Second(_lastWrite);
            var nowIndex = Second(now);
            for (var i = lastIndex + 1; i <= nowIndex; i++)
            {
                total -= _buckets[Slot(i)];
            }

            return RoundTo6Digits(total / Math.Min(span, _buckets.Length - (nowIndex - lastIndex)));
        }

        return 0;
    }

    /// <summary>The whole second <paramref name="at"/> falls in, rounding down also before zero.</summary>
    public static long Second(TimeSpan at)
    {
        var (seconds, rest) = Math.DivRem(at.Ticks, TimeSpan.TicksPerSecond);
        return rest < 0 ? seconds - 1 : seconds;
    }

    private static TimeSpan Truncate(TimeSpan at) => TimeSpan.FromTicks(Second(at) * TimeSpan.TicksPerSecond);

    private int Slot(long index) => (int)(((index % _buckets.Length) + _buckets.Length) % _buckets.Length);

    // Knative rounds its averages to 6 digits so that sums of many floats compare equal to what a reader expects.
    private static double RoundTo6Digits(double value) => Math.Round(value * 1e6, MidpointRounding.AwayFromZero) / 1e6;
}
