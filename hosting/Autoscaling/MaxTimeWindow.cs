namespace Modelplane.Hosting.Autoscaling;

/// <summary>Knative's <c>max.TimeWindow</c>: the largest value recorded in the last whole seconds of a duration.</summary>
/// <remarks>
/// A port of <c>pkg/autoscaler/aggregation/max</c> (the descending-minima algorithm): the list holds only values that can
/// still become the maximum, newest last and in descending order, so the front is always the answer.
/// </remarks>
internal sealed class MaxTimeWindow
{
    private readonly LinkedList<(long Second, int Value)> _maxima = new();
    private readonly long _seconds;

    public MaxTimeWindow(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        _seconds = (long)Math.Ceiling(duration / TimeSpan.FromSeconds(1));
    }

    /// <summary>The largest value recorded within the duration before the last <see cref="Record"/>.</summary>
    public int Current => _maxima.First!.Value.Value;

    public void Record(TimeSpan at, int value)
    {
        var second = TimedBuckets.Second(at);

        // A smaller, older value can never be the maximum again.
        while (_maxima.Last is { } last && value >= last.Value.Value)
        {
            _maxima.RemoveLast();
        }

        while (_maxima.First is { } first && second - first.Value.Second >= _seconds)
        {
            _maxima.RemoveFirst();
        }

        // Two values in one second keep the larger, as Knative's window does.
        if (_maxima.Last is { } same && same.Value.Second == second)
        {
            value = Math.Max(value, same.Value.Value);
            _maxima.RemoveLast();
        }

        _maxima.AddLast((second, value));
    }
}
