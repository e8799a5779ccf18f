using Modelplane.Hosting.Autoscaling;

namespace Modelplane.Hosting.Tests.Autoscaling;

/// <summary>The window average, step by step as Knative's own bucketing tests check it (pkg/autoscaler/aggregation/bucketing_test.go).</summary>
public sealed class TimedBucketsTests
{
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(1000);

    private static TimeSpan At(double seconds) => Now + TimeSpan.FromSeconds(seconds);

    // TestTimedFloat64BucketsWindowAverage, line by line.
    [Fact]
    public void The_average_counts_the_seconds_from_the_first_write_to_the_last_and_gaps_between_as_zero()
    {
        var buckets = new TimedBuckets(TimeSpan.FromSeconds(5));

        // Without the first write's time the average would be diluted to 0.2.
        buckets.Record(At(0), 1);
        Assert.Equal(1, buckets.WindowAverage(At(0)));

        for (var i = 1; i < 5; i++)
        {
            buckets.Record(At(i), i + 1);
        }

        Assert.Equal(15.0 / 5, buckets.WindowAverage(At(4)));
        Assert.Equal(15.0 / 5, buckets.WindowAverage(At(3.6)));

        // A short hole: the two oldest seconds have left the window, the silent newest ones are not counted.
        Assert.Equal((15.0 - 1 - 2) / (5 - 2), buckets.WindowAverage(At(6)));
        Assert.Equal(0, buckets.WindowAverage(At(10)));

        // A write after a hole: the skipped second counts as zero.
        buckets.Record(At(6), 91);
        Assert.Equal((15.0 - 1 - 2 + 91) / 5, buckets.WindowAverage(At(6)));

        var later = 60.0;
        buckets.Record(At(later), 1984);
        Assert.Equal(1984, buckets.WindowAverage(At(later)));

        // A write earlier than the first one moves the first one back.
        buckets.Record(At(later - 3), 4);
        Assert.Equal((4.0 + 1984) / 4, buckets.WindowAverage(At(later)));

        later++;
        buckets.Record(At(later), 5);
        Assert.Equal((4.0 + 1984 + 5) / 5, buckets.WindowAverage(At(later)));

        buckets.Record(At(later - 3), 10);
        Assert.Equal((4.0 + 10 + 1984 + 5) / 5, buckets.WindowAverage(At(later)));

        // Writes a window or more before the newest are ignored.
        buckets.Record(At(later - 6), 10);
        buckets.Record(At(later - 5), 10);
        Assert.Equal((4.0 + 10 + 1984 + 5) / 5, buckets.WindowAverage(At(later)));

        // Nothing for exactly a window: the old data is gone.
        buckets.Record(At(later + 5), 10);
        Assert.Equal(10, buckets.WindowAverage(At(later + 5)));
    }

    // TestDescendingRecord.
    [Fact]
    public void Writes_in_descending_time_fill_the_window_as_ascending_ones_do()
    {
        var buckets = new TimedBuckets(TimeSpan.FromSeconds(5));
        for (var second = 8; second >= 0; second--)
        {
            buckets.Record(At(second), 5);
        }

        Assert.Equal(5, buckets.WindowAverage(At(5)));
    }
}
