using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;

namespace Modelplane.Gateway.PayloadLogging;

/// <summary>Sends queued payloads to their sinks as binary-mode CloudEvents, as KServe's logger does, from a few loops at once.</summary>
internal sealed partial class PayloadLogSender(PayloadLog log, IHttpClientFactory clients, ILogger<PayloadLogSender> logger) : BackgroundService
{
    private const int Senders = 4;
    private static readonly JsonEventFormatter Formatter = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => SendAsync(stoppingToken)));

    /// <summary>The CloudEvent of a payload: KServe's type, id, source and extension attributes, the body as data.</summary>
    public static CloudEvent ToCloudEvent(PayloadEvent payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0)
        {
            Id = payload.Id,
            Type = payload.Type,
            Source = payload.Source,
            Time = DateTimeOffset.UtcNow,
            DataContentType = payload.ContentType ?? "application/json",
            Data = payload.Data,
        };
        cloudEvent["inferenceservicename"] = payload.Service;
        cloudEvent["namespace"] = payload.Namespace;
        cloudEvent["component"] = payload.Component;
        cloudEvent["endpoint"] = payload.Revision;
        if (payload.TraceParent is { } traceParent)
        {
            cloudEvent["traceparent"] = traceParent;
        }

        return cloudEvent;
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        var client = clients.CreateClient(nameof(PayloadLogSender));
        await foreach (var payload in log.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                using var content = ToCloudEvent(payload).ToHttpContent(ContentMode.Binary, Formatter);
                using var response = await client.PostAsync(payload.Sink, content, stoppingToken);
                if (!response.IsSuccessStatusCode)
                {
                    LogRefused(payload.Sink, (int)response.StatusCode);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                LogUnreachable(payload.Sink, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "payload log sink {Sink} answered {Status}")]
    private partial void LogRefused(Uri sink, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "payload log sink {Sink} could not be reached: {Reason}")]
    private partial void LogUnreachable(Uri sink, string reason);
}
