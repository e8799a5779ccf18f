using System.Threading.Channels;
using Modelplane.Gateway.Metrics;

namespace Modelplane.Gateway.PayloadLogging;

/// <summary>
/// The queue between requests and the payload-log sender: bounded, so a slow sink never holds up inference;
/// what does not fit is dropped and counted in <c>modelplane.gateway.payload_log.dropped</c>.
/// </summary>
internal sealed class PayloadLog
{
    /// <summary>Events waiting at most.</summary>
    public const int Capacity = 1024;

    private readonly Channel<PayloadEvent> _channel;

    public PayloadLog(GatewayMetrics metrics) =>
        _channel = Channel.CreateBounded<PayloadEvent>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleWriter = false },
            dropped => metrics.LogDropped(dropped.Service));

    public ChannelReader<PayloadEvent> Reader => _channel.Reader;

    /// <summary>Queues an event without waiting; a full queue drops it.</summary>
    public void Enqueue(PayloadEvent payload) => _channel.Writer.TryWrite(payload);
}
