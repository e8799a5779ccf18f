using System.Diagnostics;
using System.Globalization;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Cli;

/// <summary>
/// Sends every InferenceService its sample request through the gateway as soon as it can serve one (the gateway and
/// the replicas of its predictors and transformers are ready), as a user would, and prints the answer, how long after
/// the AppHost's start it came, and the request as a <c>curl</c> to paste; a service with an explainer is explained
/// the same way once its explainers are ready.
/// </summary>
internal static class FirstPredictions
{
    private const int LongestPrintedBody = 300;

    public static Task RunAsync(ModelplaneGraph graph, ConsoleReporter reporter, Action<IReadOnlyList<string>> print, Func<TimeSpan> sinceStart, CancellationToken cancellationToken)
    {
        if (graph.Resources<GatewayResource>().FirstOrDefault() is not { } gateway)
        {
            return Task.CompletedTask;
        }

        return Task.WhenAll(graph.Resources<InferenceServiceResource>().Select(service => ServiceAsync(gateway, service, reporter, print, sinceStart, cancellationToken)));
    }

    /// <summary>The names a component's replicas have, or will have once the run is prepared.</summary>
    public static IEnumerable<string> ReplicaNames(ComponentResource component) =>
        Enumerable.Range(0, component.Replicas.Initial).Select(i => string.Create(CultureInfo.InvariantCulture, $"{component.Name}-{i}"));

    private static async Task ServiceAsync(GatewayResource gateway, InferenceServiceResource service, ConsoleReporter reporter, Action<IReadOnlyList<string>> print, Func<TimeSpan> sinceStart, CancellationToken cancellationToken)
    {
        string[] serving = [gateway.Name, .. service.Components.Where(c => c.Role != ComponentRole.Explainer).SelectMany(ReplicaNames)];
        if (await reporter.WhenReadyAsync(serving, cancellationToken) is not null || cancellationToken.IsCancellationRequested)
        {
            return;
        }

        var address = gateway.Endpoints!.HttpUrl;
        var (host, key) = await SampleRequests.CredentialsAsync(gateway, service, cancellationToken);
        var keyHeader = key is null ? string.Empty : " -H \"x-api-key: $KEY\"";
        var (sample, problem) = await SampleRequests.RequestOfAsync(gateway, service, cancellationToken);
        if (sample is null)
        {
            print([$"{service.Name}: {problem}; see curl -H \"Host: {host}\"{keyHeader} {address}v2/models/{service.ModelName}"]);
            return;
        }

        var (status, answer) = await SampleRequests.SendAsync(gateway, service, sample, cancellationToken);
        var at = sinceStart().TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var body = sample.Json.Length <= LongestPrintedBody ? sample.Json : null;
        print(
        [
            status == 200
                ? $"{service.Name}: first prediction through the gateway {at} s after the AppHost started: {SampleRequests.Shorten(answer)}"
                : $"{service.Name}: the first request through the gateway answered {(status == 0 ? "nothing" : status)}: {SampleRequests.Shorten(answer)}",
            body is null
                ? $"  curl -H \"Host: {host}\"{keyHeader} {address}v2/models/{service.ModelName}"
                : $"  curl -H \"Host: {host}\"{keyHeader} -d '{body}' {new Uri(address, sample.Path)}",
        ]);

        // A service with an explainer answers the same request at :explain.
        var explainers = service.Components.Where(c => c.Role == ComponentRole.Explainer).SelectMany(ReplicaNames).ToList();
        if (body is null || !sample.Path.EndsWith(":predict", StringComparison.Ordinal) || explainers.Count == 0
            || await reporter.WhenReadyAsync(explainers, cancellationToken) is not null || cancellationToken.IsCancellationRequested)
        {
            return;
        }

        var explain = sample with { Path = sample.Path[..^":predict".Length] + ":explain" };
        var (explainStatus, explanation) = await SampleRequests.SendAsync(gateway, service, explain, cancellationToken);
        print(
        [
            explainStatus == 200
                ? $"{service.Name}: explained through the gateway: {SampleRequests.Shorten(explanation)}"
                : $"{service.Name}: the first explain request through the gateway answered {(explainStatus == 0 ? "nothing" : explainStatus)}: {SampleRequests.Shorten(explanation)}",
            $"  curl -H \"Host: {host}\"{keyHeader} -d '{body}' {new Uri(address, explain.Path)}",
        ]);
    }
}
