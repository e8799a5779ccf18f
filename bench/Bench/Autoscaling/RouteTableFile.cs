using System.Text.Json;

namespace Modelplane.Bench.Autoscaling;

/// <summary>
/// The gateway's route table as the AppHost writes it (<c>{Modelplane:DataDirectory}/gateway-routes.json</c>, camelCase
/// JSON of <c>services/Serving/Routing/RouteTable.cs</c>), read for the predictor of one service's default revision.
/// </summary>
internal static class RouteTableFile
{
    /// <summary>The file's text, or null while it is not there; the AppHost replaces it whole (a rename), so it is never half written.</summary>
    public static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The HTTP addresses listed for <paramref name="service"/>'s predictor, and whether the table says it is scaled to zero.</summary>
    public static (IReadOnlyList<string> Http, bool ScaledToZero) Predictor(string json, string service)
    {
        using var table = JsonDocument.Parse(json);
        foreach (var entry in table.RootElement.GetProperty("services").EnumerateArray())
        {
            if (entry.GetProperty("name").GetString() != service)
            {
                continue;
            }

            var revision = entry.GetProperty("revisions").EnumerateArray().First(r => r.GetProperty("name").GetString() == "default");
            var predictor = revision.GetProperty("predictor");
            var http = predictor.TryGetProperty("http", out var list) ? list.EnumerateArray().Select(a => a.GetString()!).ToList() : [];
            var zero = predictor.TryGetProperty("scaledToZero", out var flag) && flag.GetBoolean();
            return (http, zero);
        }

        throw new BenchmarkException($"the route table lists no service '{service}':\n{json}");
    }
}
