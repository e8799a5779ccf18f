using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Modelplane.Transformer.Tests.Hosting;

/// <summary>Small JSON-over-HTTP calls for tests: the status and the parsed body together.</summary>
internal static class HttpJson
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await ParseAsync(response));
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> PostJsonAsync(this HttpClient client, string path, JsonNode body) =>
        await client.PostJsonAsync(path, body.ToJsonString());

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> PostJsonAsync(this HttpClient client, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        return (response.StatusCode, await ParseAsync(response));
    }

    public static string Error(this JsonNode? body) => body?["error"]?.GetValue<string>() ?? throw new InvalidOperationException($"no error in {body?.ToJsonString()}");

    private static async Task<JsonNode?> ParseAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 || response.Content.Headers.ContentType?.MediaType != "application/json" ? JsonValue.Create(text) : JsonNode.Parse(text);
    }
}
