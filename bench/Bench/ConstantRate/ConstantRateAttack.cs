using System.Diagnostics;
using System.Net.Http.Headers;
using HdrHistogram;

namespace Modelplane.Bench.ConstantRate;

/// <summary>
/// vegeta's <c>attack</c>: requests at a constant rate whatever the answers do (an open loop, so a slow server meets
/// more load, not less), each timed from its first byte sent to its last byte received. Requests are launched from one
/// dedicated thread on a fixed schedule: the n-th at start + n / rate.
/// </summary>
internal static class ConstantRateAttack
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static async Task<AttackResult> RunAsync(AttackTarget target, double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        // The generator's own pauses would be measured as the server's latency: keep blocking collections away.
        var latencyMode = System.Runtime.GCSettings.LatencyMode;
        System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.SustainedLowLatency;
        try
        {
            return await AttackAsync(target, rate, duration, cancellationToken);
        }
        finally
        {
            System.Runtime.GCSettings.LatencyMode = latencyMode;
        }
    }

    private static async Task<AttackResult> AttackAsync(AttackTarget target, double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false, UseProxy = false };
        using var client = new HttpClient(handler) { Timeout = RequestTimeout };
        var count = (int)Math.Round(rate * duration.TotalSeconds);
        var outcomes = new Outcome[count];
        var sends = new Task[count];
        var interval = Stopwatch.Frequency / rate;
        var started = Stopwatch.GetTimestamp();
        var launcher = new Thread(() =>
        {
            for (var i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
            {
                var due = started + (long)(i * interval);
                while (Stopwatch.GetTimestamp() is var now && now < due)
                {
                    // Sleep while more than 2 ms remain; spin the rest, since sleeps overshoot by up to a millisecond.
                    if ((due - now) * 1000 / Stopwatch.Frequency > 2)
                    {
                        Thread.Sleep(1);
                    }
                    else
                    {
                        Thread.SpinWait(50);
                    }
                }

                var index = i;
                sends[index] = SendAsync(client, target, outcomes, index, cancellationToken);
            }
        })
        { IsBackground = true, Name = "attack launcher" };
        launcher.Start();
        await Task.Run(launcher.Join, cancellationToken);
        var attackEnded = Stopwatch.GetTimestamp();
        await Task.WhenAll(sends.Where(s => s is not null));
        var waitEnded = Stopwatch.GetTimestamp();
        cancellationToken.ThrowIfCancellationRequested();

        var latencies = new LongHistogram(TimeStamp.Hours(1), 3);
        foreach (var outcome in outcomes)
        {
            latencies.RecordValue(Math.Max(1, outcome.Microseconds));
        }

        return new AttackResult(
            count,
            Stopwatch.GetElapsedTime(started, attackEnded),
            Stopwatch.GetElapsedTime(attackEnded, waitEnded),
            latencies,
            outcomes.Sum(o => (long)o.BytesIn),
            (long)count * target.Body.Length,
            outcomes.GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count()),
            outcomes.Where(o => o.Error is not null).GroupBy(o => o.Error!).ToDictionary(g => g.Key, g => g.Count()),
            [.. outcomes.Select(o => new AttackResult.Answer(o.Status, o.Microseconds))]);
    }

    private static async Task SendAsync(HttpClient client, AttackTarget target, Outcome[] outcomes, int index, CancellationToken cancellationToken)
    {
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(target.Body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (target.Host is { } host)
            {
                request.Headers.Host = host;
            }

            foreach (var (name, value) in target.Headers ?? [])
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            outcomes[index] = new Outcome((int)response.StatusCode, body.Length, Microseconds(sent), response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            outcomes[index] = new Outcome(0, 0, Microseconds(sent), e.Message);
        }
    }

    private static long Microseconds(long since) => (long)Stopwatch.GetElapsedTime(since).TotalMicroseconds;

    private readonly record struct Outcome(int Status, int BytesIn, long Microseconds, string? Error);
}
