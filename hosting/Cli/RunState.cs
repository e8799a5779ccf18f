using System.Text.Json;
using System.Text.Json.Serialization;

namespace Modelplane.Hosting.Cli;

/// <summary>
/// What a running AppHost tells <c>status</c>: its process, its gateway, its InferenceServices with their revisions
/// and traffic, and every process's state. Written to the data directory on every change.
/// </summary>
internal sealed record RunState(
    int ProcessId,
    DateTimeOffset StartedAt,
    string? Gateway,
    string Domain,
    IReadOnlyList<RunState.Service> Services,
    IReadOnlyList<RunState.Process> Processes)
{
    public const string FileName = "run.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public static RunState? Read(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<RunState>(File.ReadAllText(path), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Write(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        var staging = $"{path}.{System.Environment.ProcessId}.new";
        File.WriteAllText(staging, JsonSerializer.Serialize(this, Json));
        File.Move(staging, path, overwrite: true);
    }

    /// <summary>An InferenceService: its host, and its revisions in order (the last is the latest).</summary>
    internal sealed record Service(string Name, string Namespace, string Url, IReadOnlyList<Revision> Revisions);

    /// <summary>A revision's traffic share and the replicas of its components, the predictor's first.</summary>
    internal sealed record Revision(string Name, int Percent, IReadOnlyList<IReadOnlyList<string>> Components);

    /// <summary>One process (a replica, the gateway, the store): its state as the dashboard shows it, whether it is ready, how often it was restarted.</summary>
    internal sealed record Process(string Resource, string State, bool Ready, int Restarts);
}
