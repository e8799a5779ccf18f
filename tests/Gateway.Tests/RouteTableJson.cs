using System.Text.Json.Nodes;

namespace Modelplane.Gateway.Tests;

/// <summary>Route tables written as the AppHost writes them: JSON with services, revisions and their replicas.</summary>
internal static class RouteTableJson
{
    /// <summary>The domain of the tables here, not the default, so host routing shows it is read from the table.</summary>
    public const string Domain = "example.test";

    public const string Namespace = "models";

    /// <summary>The host a service answers on: <c>{service}.{namespace}.{domain}</c>.</summary>
    public static string Host(string service) => $"{service}.{Namespace}.{Domain}";

    public static JsonObject Table(params JsonObject[] services) => new()
    {
        ["domain"] = Domain,
        ["services"] = new JsonArray(services),
    };

    /// <summary>A service; add <c>timeoutSeconds</c>, <c>maxConcurrency</c> or <c>logger</c> with <see cref="With"/>.</summary>
    public static JsonObject Service(string name, params JsonObject[] revisions) => new()
    {
        ["name"] = name,
        ["namespace"] = Namespace,
        ["revisions"] = new JsonArray(revisions),
    };

    /// <summary>A revision whose predictor is <paramref name="predictor"/>; add a transformer or explainer with <see cref="With"/>.</summary>
    public static JsonObject Revision(string name, int percent, JsonObject predictor) => new()
    {
        ["name"] = name,
        ["percent"] = percent,
        ["predictor"] = predictor,
    };

    /// <summary>A component served by <paramref name="replicas"/>, over HTTP and, where they speak it, gRPC.</summary>
    public static JsonObject Replicas(params IUpstream[] replicas) => new()
    {
        ["http"] = new JsonArray([.. replicas.Select(r => (JsonNode)r.Http.ToString())]),
        ["grpc"] = new JsonArray([.. replicas.Where(r => r.Grpc is not null).Select(r => (JsonNode)r.Grpc!.ToString())]),
    };

    /// <summary>A payload logger: <paramref name="mode"/> all, request or response, to <paramref name="sink"/>.</summary>
    public static JsonObject Logger(Uri sink, string mode) => new() { ["url"] = sink.ToString(), ["mode"] = mode };

    /// <summary>Sets a property and gives the object back, to write a table as one expression.</summary>
    public static JsonObject With(this JsonObject node, string property, JsonNode? value)
    {
        node[property] = value;
        return node;
    }
}
