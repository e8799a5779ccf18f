using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Modelplane.Predictor.Tests;

/// <summary>
/// Loops that each send iris inference requests back to back until stopped, counting the answers by the version
/// that gave them and keeping every failure (a status other than 200, or no answer at all).
/// </summary>
internal sealed class ContinuousLoad
{
    private const string Request = """{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [6.8, 2.8, 4.8, 1.4]}]}""";

    private readonly HttpClient _client;
    private readonly string _path;
    private readonly ConcurrentDictionary<string, int> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;

    public ContinuousLoad(HttpClient client, string path, int loops)
    {
        _client = client;
        _path = path;
        _loops = [.. Enumerable.Range(0, loops).Select(_ => Task.Run(LoopAsync))];
    }

    /// <summary>What went wrong, one line per failed request.</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>How many requests the given version answered so far.</summary>
    public int Answered(string version) => _answers.TryGetValue(version, out var count) ? count : 0;

    /// <summary>How many requests were answered so far, by any version.</summary>
    public int Total => _answers.Values.Sum();

    /// <summary>Stops the loops and waits for their last requests.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var content = new StringContent(Request, Encoding.UTF8, "application/json");
                using var response = await _client.PostAsync(new Uri(_path, UriKind.Relative), content, CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    _failures.Enqueue($"{(int)response.StatusCode} {body}");
                    continue;
                }

                var answer = JsonNode.Parse(body)!;
                if (answer["outputs"]![0]!["data"]![0]!.GetValue<long>() != 1)
                {
                    _failures.Enqueue($"wrong answer {body}");
                }

                _answers.AddOrUpdate(answer["model_version"]!.GetValue<string>(), 1, (_, count) => count + 1);
            }
            catch (HttpRequestException e)
            {
                _failures.Enqueue($"no answer: {e.Message}");
            }
        }
    }
}
