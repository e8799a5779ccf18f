using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Modelplane.Gateway.Routing;
using Modelplane.Serving.Routing;

namespace Modelplane.Gateway.Autoscaling;

/// <summary>
/// The load report's one clock: once a second it closes every component's bucket and hands the line, serialized once,
/// to every reader of <see cref="LoadReportLine.Path"/>; a demand line goes to them at once. A reader that connects
/// gets the next whole second, never a part of one. A reader that falls behind loses its oldest lines, so it cannot
/// make the gateway hold more than a few of them.
/// </summary>
internal sealed class LoadReporter(ComponentLoad load, RouteTableSource routes) : BackgroundService
{
    /// <summary>How long a bucket lasts: Knative's queue-proxy reports every second too.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private const int KeptLines = 32;

    private static readonly BoundedChannelOptions ReaderOptions = new(KeptLines)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    };

    private readonly Lock _lock = new();
    private Channel<byte[]>[] _readers = [];

    /// <summary>A new reader's lines, each a JSON object and its newline, from the next one on; <see cref="Unsubscribe"/> it when done.</summary>
    public ChannelReader<byte[]> Subscribe()
    {
        var channel = Channel.CreateBounded<byte[]>(ReaderOptions);
        lock (_lock)
        {
            _readers = [.. _readers, channel];
        }

        return channel.Reader;
    }

    public void Unsubscribe(ChannelReader<byte[]> reader)
    {
        lock (_lock)
        {
            _readers = [.. _readers.Where(r => r.Reader != reader)];
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!load.Enabled)
        {
            return;
        }

        load.Demand += OnDemand;
        try
        {
            using var timer = new PeriodicTimer(Interval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var samples = load.Sample(routes.Current, Stopwatch.GetTimestamp());
                Send(new LoadReportLine(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Components: samples));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            load.Demand -= OnDemand;
        }
    }

    private void OnDemand(ComponentKey component) =>
        Send(new LoadReportLine(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Demand: component));

    private void Send(LoadReportLine line)
    {
        var readers = Volatile.Read(ref _readers);
        if (readers.Length == 0)
        {
            return;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(line, LoadReportJsonContext.Default.LoadReportLine);
        var bytes = new byte[json.Length + 1];
        json.CopyTo(bytes, 0);
        bytes[^1] = (byte)'\n';
        foreach (var reader in readers)
        {
            reader.Writer.TryWrite(bytes);
        }
    }
}
