using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Modelplane.Hosting.InferenceServices;

namespace Modelplane.Hosting.Gateway;

/// <summary>
/// Sends an InferenceService its sample request through the gateway, as a user would: with the service's Host header
/// and, when the gateway wants one, an API key that may call it. A service without a sample request gets a v2 request
/// of zeros shaped from its model's metadata.
/// </summary>
internal static class SampleRequests
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The request a service is shown with, or why there is none.</summary>
    public static async Task<(SampleRequestAnnotation? Request, string? Problem)> RequestOfAsync(GatewayResource gateway, InferenceServiceResource service, CancellationToken cancellationToken)
    {
        if (service.Annotations.OfType<SampleRequestAnnotation>().LastOrDefault() is { } sample)
        {
            return (sample, null);
        }

        var (status, body) = await SendAsync(gateway, service, HttpMethod.Get, $"/v2/models/{service.ModelName}", null, cancellationToken);
        if (status != 200)
        {
            return (null, $"its model's metadata could not be read: GET /v2/models/{service.ModelName} answered {(status == 0 ? "nothing" : status)}: {Shorten(body)}");
        }

        return Zeros(service.ModelName, body) is { } zeros
            ? (zeros, null)
            : (null, "its model's metadata does not say how to build a request (an input of BYTES, or none); give it one with WithSampleRequest");
    }

    /// <summary>Sends <paramref name="sample"/>; gives the status (0 when nothing answered) and the body.</summary>
    public static Task<(int Status, string Body)> SendAsync(GatewayResource gateway, InferenceServiceResource service, SampleRequestAnnotation sample, CancellationToken cancellationToken) =>
        SendAsync(gateway, service, HttpMethod.Post, sample.Path, sample.Json, cancellationToken);

    /// <summary>The Host header of a service, and the API key a request to it carries, or null.</summary>
    public static async Task<(string Host, string? ApiKey)> CredentialsAsync(GatewayResource gateway, InferenceServiceResource service, CancellationToken cancellationToken)
    {
        var key = gateway.ApiKeys.FirstOrDefault(k => k.Allows(service.Spec.Name));
        return (gateway.HostOf(service.Spec.Name, service.Spec.Namespace), key is null ? null : await key.Key.GetValueAsync(cancellationToken));
    }

    /// <summary>A long answer cut to one short line, for the console and the dashboard.</summary>
    public static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 200 ? line : line[..200] + " ...";
    }

    private static async Task<(int Status, string Body)> SendAsync(GatewayResource gateway, InferenceServiceResource service, HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        var (host, key) = await CredentialsAsync(gateway, service, cancellationToken);
        using var request = new HttpRequestMessage(method, new Uri(gateway.Endpoints!.HttpUrl, path));
        request.Headers.Host = host;
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        try
        {
            using var response = await Client.SendAsync(request, cancellationToken);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException e)
        {
            return (0, e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, "no answer within 30 s");
        }
    }

    /// <summary>A v2 request of zeros for every input, shaped from the model's metadata (a dimension of any size becomes 1).</summary>
    private static SampleRequestAnnotation? Zeros(string model, string metadataJson)
    {
        JsonNode? metadata;
        try
        {
            metadata = JsonNode.Parse(metadataJson);
        }
        catch (System.Text.Json.JsonException)
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
                ["data"] = new JsonArray([.. Enumerable.Repeat(0, (int)Math.Min(count, 1 << 24)).Select(z => datatype == "BOOL" ? (JsonNode)false : z)]),
            });
        }

        return inputs.Count == 0 ? null : new SampleRequestAnnotation($"/v2/models/{model}/infer", new JsonObject { ["inputs"] = inputs }.ToJsonString());
    }
}
