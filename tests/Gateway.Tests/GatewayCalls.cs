using System.Net.Http.Headers;
using System.Text;

namespace Modelplane.Gateway.Tests;

/// <summary>Requests to the gateway as clients send them, optionally with a Host and extra headers.</summary>
internal static class GatewayCalls
{
    public static async Task<Answer> SendAsync(
        this HttpClient client, HttpMethod method, string path, string? json = null, string? host = null, IEnumerable<(string Name, string Value)>? headers = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var revision = response.Headers.TryGetValues(Answer.RevisionHeader, out var values) ? values.Single() : null;
        return new Answer(response.StatusCode, revision, body, response.Headers);
    }

    /// <summary>A v2 classification of the setosa row by <paramref name="model"/>.</summary>
    public static Task<Answer> InferAsync(this HttpClient client, string model = "iris", string? host = null, IEnumerable<(string Name, string Value)>? headers = null) =>
        client.SendAsync(HttpMethod.Post, $"/v2/models/{model}/infer", IrisRequests.V2Classify, host, headers);

    /// <summary>A v2 classification with the revision pinned by the revision header.</summary>
    public static Task<Answer> InferPinnedAsync(this HttpClient client, string revision, string model = "iris") =>
        client.InferAsync(model, headers: [(Answer.RevisionHeader, revision)]);

    /// <summary>Sends <paramref name="count"/> calls, <paramref name="concurrency"/> at a time, and gives their results in order.</summary>
    public static async Task<T[]> ManyAsync<T>(int count, int concurrency, Func<int, Task<T>> call)
    {
        var results = new T[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                results[i] = await call(i);
            }
        })));
        return results;
    }

    /// <summary>The value of a response header, or null.</summary>
    public static string? Header(this HttpResponseHeaders headers, string name) => headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
