using System.Net;
using System.Text.Json;
using Modelplane.Serving.Routing;

namespace Modelplane.Gateway.Tests.Autoscaling;

/// <summary>
/// A reader of the gateway's load report on a connection of its own, as the AppHost's autoscaler reads it: each line
/// as it arrives, parsed with the contract's own types. Disposing it closes the connection, as a reader that goes away.
/// </summary>
internal sealed class LoadReportReader : IAsyncDisposable
{
    // Only keeps a broken gateway from hanging the run; a line is due every second.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _body;

    private LoadReportReader(HttpClient client, HttpResponseMessage response, StreamReader body)
    {
        _client = client;
        _response = response;
        _body = body;
    }

    public HttpStatusCode Status => _response.StatusCode;

    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    /// <summary>Every line read so far, as sent and as parsed, in order.</summary>
    public List<(string Raw, LoadReportLine Line)> Seen { get; } = [];

    /// <summary>Opens the report of the gateway at <paramref name="gateway"/> and returns once its answer has started.</summary>
    public static async Task<LoadReportReader> OpenAsync(Uri gateway)
    {
        var client = new HttpClient { BaseAddress = gateway };
        try
        {
            var response = await client.GetAsync(new Uri(LoadReportLine.Path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            return new LoadReportReader(client, response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The next line, as sent, and parsed.</summary>
    public async Task<(string Raw, LoadReportLine Line)> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Limit);
        var raw = await _body.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException("the load report ended");
        var line = JsonSerializer.Deserialize(raw, LoadReportJsonContext.Default.LoadReportLine)!;
        Seen.Add((raw, line));
        return (raw, line);
    }

    /// <summary>The next load line (with components), past any demand lines.</summary>
    public async Task<LoadReportLine> NextLoadAsync()
    {
        while (true)
        {
            var (_, line) = await NextAsync();
            if (line.Components is not null)
            {
                return line;
            }
        }
    }

    /// <summary>Reads lines until one satisfies <paramref name="condition"/>, and gives it.</summary>
    public async Task<LoadReportLine> WaitForAsync(string what, Func<LoadReportLine, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!timeout.IsCancellationRequested)
        {
            var (_, line) = await NextAsync();
            if (condition(line))
            {
                return line;
            }
        }

        throw new TimeoutException($"no line of the load report showed {what}; read:\n{string.Join('\n', Seen.Select(s => s.Raw))}");
    }

    /// <summary>Reads load lines (past demand lines) until one satisfies <paramref name="condition"/>, and gives it.</summary>
    public Task<LoadReportLine> WaitForLoadAsync(string what, Func<LoadReportLine, bool> condition) =>
        WaitForAsync(what, line => line.Components is not null && condition(line));

    /// <summary>The body of an answer that is not a report (an error).</summary>
    public Task<string> ReadToEndAsync() => _body.ReadToEndAsync();

    public ValueTask DisposeAsync()
    {
        _body.Dispose();
        _response.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
