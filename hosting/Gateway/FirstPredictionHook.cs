using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Modelplane.Hosting.ApplicationModel;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Orchestration;

namespace Modelplane.Hosting.Gateway;

/// <summary>
/// Once the graph is ready, sends every InferenceService a request through the gateway, as a user would, and prints
/// it as a <c>curl</c> to paste with the answer and how long after the AppHost's start it came back. Services without
/// a sample request get a v2 request of zeros shaped from their model's metadata.
/// </summary>
internal sealed class FirstPredictionHook(GatewayResource gateway) : ReadyAnnotation
{
    private const int LongestPrintedBody = 300;

    public override async Task<IReadOnlyList<string>> OnReadyAsync(Supervisor supervisor, TimeSpan sinceStart, CancellationToken cancellationToken)
    {
        var address = supervisor.Endpoint(gateway.Name);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var started = System.Diagnostics.Stopwatch.StartNew();
        var lines = new List<string> { $"gateway: {address.ToString().TrimEnd('/')} (services answer on Host {{service}}.{{namespace}}.{gateway.Domain})" };
        foreach (var service in supervisor.Model.Resources.OfType<InferenceServiceResource>())
        {
            var host = gateway.HostOf(service.Spec.Name, service.Spec.Namespace);
            var sample = service.Annotations.Last<SampleRequestAnnotation>() ?? await ZerosAsync(client, host, service.ModelName, cancellationToken);
            if (sample is null)
            {
                lines.Add($"{service.Name}: its model's metadata did not say how to build a request; see curl -H \"Host: {host}\" {address}v2/models/{service.ModelName}");
                continue;
            }

            var (status, answer) = await SendAsync(client, host, sample, cancellationToken);
            var at = (sinceStart + started.Elapsed).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            lines.Add(status == 200
                ? $"{service.Name}: first prediction through the gateway {at} s after the AppHost started: {Shorten(answer)}"
                : $"{service.Name}: the first request through the gateway answered {status}: {Shorten(answer)}");
            var body = sample.Json.Length <= LongestPrintedBody ? sample.Json : null;
            lines.Add(body is null
                ? $"  curl -H \"Host: {host}\" {address}v2/models/{service.ModelName}"
                : $"  curl -H \"Host: {host}\" -d '{body}' {new Uri(address, sample.Path)}");

            // A service with an explainer answers the same request at :explain.
            if (body is not null && sample.Path.EndsWith(":predict", StringComparison.Ordinal) && service.Components.Any(c => c.Role == Specs.ComponentRole.Explainer))
            {
                var explain = sample with { Path = sample.Path[..^":predict".Length] + ":explain" };
                var (explainStatus, explanation) = await SendAsync(client, host, explain, cancellationToken);
                lines.Add(explainStatus == 200
                    ? $"{service.Name}: explained through the gateway: {Shorten(explanation)}"
                    : $"{service.Name}: the first explain request through the gateway answered {explainStatus}: {Shorten(explanation)}");
                lines.Add($"  curl -H \"Host: {host}\" -d '{body}' {new Uri(address, explain.Path)}");
            }
        }

        return lines;
    }

    private static async Task<(int Status, string Body)> SendAsync(HttpClient client, string host, SampleRequestAnnotation sample, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sample.Path, UriKind.Relative))
        {
            Content = new StringContent(sample.Json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Host = host;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException e)
        {
            return (0, e.Message);
        }
    }

    /// <summary>A v2 request of zeros for every input, shaped from the model's metadata (a dimension of any size becomes 1).</summary>
    private static async Task<SampleRequestAnnotation?> ZerosAsync(HttpClient client, string host, string model, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v2/models/{model}", UriKind.Relative));
        request.Headers.Host = host;
        JsonNode? metadata;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            metadata = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException)
        {
            return null;
        }

        var inputs = new JsonArray();
        foreach (var input in metadata?["inputs"]?.AsArray() ?? [])
        {
            var shape = input!["shape"]!.AsArray().Select(d => Math.Max(1L, d!.GetValue<long>())).ToArray();
            var datatype = input["datatype"]!.GetValue<string>();
            if (datatype == "BYTES")
            {
                return null;
            }

            var count = shape.Aggregate(1L, (a, b) => a * b);
            inputs.Add(new JsonObject
            {
                ["name"] = input["name"]!.GetValue<string>(),
                ["datatype"] = datatype,
                ["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]),
                ["data"] = new JsonArray([.. Enumerable.Repeat(0, (int)Math.Min(count, 1 << 24)).Select(z => (JsonNode)(datatype == "BOOL" ? (JsonNode)false : z))]),
            });
        }

        return inputs.Count == 0 ? null : new SampleRequestAnnotation($"/v2/models/{model}/infer", new JsonObject { ["inputs"] = inputs }.ToJsonString());
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 200 ? line : line[..200] + " ...";
    }
}
