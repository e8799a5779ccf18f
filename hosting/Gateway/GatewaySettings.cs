using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Modelplane.Hosting.Gateway;

/// <summary>
/// Passes the AppHost's <c>Gateway:*</c> settings (from its <c>appsettings.json</c>, its environment or
/// <c>--Gateway:Key=value</c>) on to the gateway, as a user who sets them expects. API keys become secret parameters,
/// which the dashboard masks and publishing puts in a Secret. A setting the AppHost owns itself is refused with a
/// message; the gateway checks the rest when it starts, naming any it does not know.
/// </summary>
internal static class GatewaySettings
{
    private const string Section = "Gateway";

    // What the AppHost writes for the gateway from the graph.
    private static readonly string[] Owned = ["RouteTable"];

    public static void Apply(ModelplaneGraph graph, IResourceBuilder<GatewayResource> gateway)
    {
        var section = graph.Configuration.GetSection(Section);
        foreach (var owned in Owned.Where(o => section.GetSection(o).Exists()))
        {
            graph.AddProblem($"{gateway.Resource.Name}: {Section}:{owned} is written by the AppHost from the graph and cannot be set; remove it from the AppHost's settings");
        }

        var keys = section.GetSection("ApiKeys").GetChildren().ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"{Section}:ApiKeys:{i}");
            if (keys[i]["Key"] is not { Length: > 0 })
            {
                graph.AddProblem($"{gateway.Resource.Name}: {where}:Key is missing; every API key needs its secret");
                continue;
            }

            var name = keys[i]["Name"] is { Length: > 0 } given ? given : string.Create(CultureInfo.InvariantCulture, $"key-{i}");
            var services = keys[i].GetSection("Services").GetChildren().Select(s => s.Value).OfType<string>().ToArray();
            var parameter = graph.Builder.AddParameterFromConfiguration(string.Create(CultureInfo.InvariantCulture, $"{gateway.Resource.Name}-api-key-{i}"), $"{where}:Key", secret: true);
            gateway.WithApiKey(name, parameter, services);
        }

        foreach (var (path, value) in section.AsEnumerable(makePathsRelative: true).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (value is null || Owned.Any(o => path.StartsWith(o, StringComparison.OrdinalIgnoreCase)) || path.StartsWith("ApiKeys:", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            gateway.Resource.AddSetting($"{Section}__{path.Replace(":", "__", StringComparison.Ordinal)}", value);
        }
    }
}
