using System.Net;
using System.Text;
using System.Text.Json;

namespace Modelplane.EndToEnd.Tests.Storage;

/// <summary>The built predictor reading its models from a model store, with its cache in a directory of the test's own.</summary>
internal static class StoredPredictor
{
    /// <summary>Starts the predictor with the store's connection string and <paramref name="cacheDirectory"/> as its store cache.</summary>
    public static ServerProcess Start(string connectionString, string cacheDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>
        {
            ["ConnectionStrings__models"] = connectionString,
            ["Serving__StorageCacheDirectory"] = cacheDirectory,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        return ServerProcess.Start("Predictor", arguments, variables);
    }

    /// <summary>
    /// Waits until the server is up but answers 503 on /v2/health/ready with an error holding every part; returns that error.
    /// </summary>
    public static async Task<string> WaitUntilNotReadyBecauseAsync(ServerProcess predictor, params string[] parts)
    {
        using var client = new HttpClient { BaseAddress = await predictor.WaitUntilListeningAsync() };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var last = "no answer";
        while (!timeout.IsCancellationRequested)
        {
            using (var response = await client.GetAsync(new Uri("/v2/health/ready", UriKind.Relative), CancellationToken.None))
            {
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                last = $"{(int)response.StatusCode} {body}";
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable
                    && ReadinessError(body) is { } error
                    && parts.All(p => error.Contains(p, StringComparison.Ordinal)))
                {
                    return error;
                }
            }

            await Task.Delay(100, CancellationToken.None);
        }

        throw new TimeoutException($"readiness never said [{string.Join("], [", parts)}]; last answer: {last}\n{predictor.StandardOutput}\n{predictor.StandardError}");
    }

    /// <summary>
    /// Waits until the predictor's output holds any of <paramref name="texts"/> at least <paramref name="times"/> times in
    /// all, running <paramref name="meanwhile"/> between looks.
    /// </summary>
    public static async Task WaitForOutputAsync(ServerProcess predictor, string[] texts, int times, Func<Task> meanwhile)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (texts.Sum(t => Occurrences(predictor.StandardOutput, t)) < times)
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"the predictor's output never held [{string.Join("] or [", texts)}] {times} times:\n{predictor.StandardOutput}\n{predictor.StandardError}");
            }

            await meanwhile();
            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>Waits until a GET of <paramref name="path"/> answers 200.</summary>
    public static async Task WaitUntilOkAsync(ServerProcess predictor, HttpClient client, string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using (var response = await client.GetAsync(new Uri(path, UriKind.Relative), CancellationToken.None))
            {
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }

            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"{path} never answered 200:\n{predictor.StandardOutput}\n{predictor.StandardError}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>Asks <paramref name="model"/> for two iris classes over KServe v1 and checks the answer.</summary>
    public static async Task AssertPredictsAsync(HttpClient client, string model)
    {
        using var content = new StringContent("""{"instances": [[6.8, 2.8, 4.8, 1.4], [5.1, 3.5, 1.4, 0.2]]}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri($"/v1/models/{model}:predict", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{model}: {(int)response.StatusCode} {body}");
        Assert.Equal("""{"predictions":[1,0]}""", body);
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string? ReadinessError(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
    }
}
