using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Modelplane.Explainer.Tests.Hosting;

/// <summary>Explain requests as a client sends them: JSON over HTTP, with the answer parsed.</summary>
internal static class ExplainCalls
{
    /// <summary>The KServe v1 request for <paramref name="instances"/>: <c>{"instances": [[...], ...]}</c>.</summary>
    public static string Instances(IEnumerable<double[]> instances) =>
        $"{{\"instances\": [{string.Join(", ", instances.Select(row => $"[{string.Join(", ", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]"))}]}}";

    /// <summary>POSTs the v1 request for <paramref name="instances"/> to <c>/v1/models/{model}:explain</c>.</summary>
    public static Task<ExplainAnswer> ExplainAsync(this HttpClient client, string model, IEnumerable<double[]> instances) =>
        client.PostAsync($"/v1/models/{model}:explain", Instances(instances));

    public static async Task<ExplainAnswer> PostAsync(this HttpClient client, string path, string json, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(text) : null;
        return new ExplainAnswer(response.StatusCode, body, text);
    }
}
