using System.Text.Json;
using Microsoft.Extensions.Logging;
using Modelplane.Hosting.Gateway;
using Modelplane.Serving.Routing;

namespace Modelplane.Hosting.Autoscaling;

/// <summary>
/// Reads the gateway's load report (<see cref="LoadReportLine"/>) for the autoscaler, as Knative's autoscaler scrapes
/// its queue-proxies and hears from its activator: each component's load every second, and a demand the moment a
/// request waits at a component with no replica. Connects again, after a short pause, whenever the gateway is not
/// there yet or restarts.
/// </summary>
internal sealed partial class GatewayLoadReader(
    GatewayResource gateway,
    Action<string, string, string, double, double> observe,
    Action<string, string, string> demand,
    ILogger logger)
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromMilliseconds(200);
    private static readonly HttpClient Client = new() { Timeout = Timeout.InfiniteTimeSpan };

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var connectedOnce = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var response = await Client.GetAsync(new Uri(gateway.Endpoints!.HttpUrl, LoadReportLine.Path), HttpCompletionOption.ResponseHeadersRead, stoppingToken);
                response.EnsureSuccessStatusCode();
                connectedOnce = true;
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stoppingToken));
                while (await reader.ReadLineAsync(stoppingToken) is { } line)
                {
                    if (line.Length > 0)
                    {
                        Dispatch(JsonSerializer.Deserialize(line, LoadReportJsonContext.Default.LoadReportLine));
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException)
            {
                // Not started yet, or restarting: the supervisor brings it back. Said once it had answered before.
                if (connectedOnce)
                {
                    LogLost(gateway.Name, e.Message);
                    connectedOnce = false;
                }
            }

            try
            {
                await Task.Delay(Reconnect, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Dispatch(LoadReportLine? line)
    {
        if (line?.Demand is { } wanted)
        {
            demand(wanted.Service, wanted.Revision, wanted.Component);
        }

        foreach (var sample in line?.Components ?? [])
        {
            observe(sample.Service, sample.Revision, sample.Component, sample.Concurrency, sample.Requests);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Gateway}: its load report ended ({Reason}); the autoscaler reads it again once it answers")]
    private partial void LogLost(string gateway, string reason);
}
