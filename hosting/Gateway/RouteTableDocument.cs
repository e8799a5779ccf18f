using System.Text.Json.Nodes;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Gateway;

/// <summary>
/// The gateway's route table as JSON (the schema of the gateway's <c>RouteTable</c>): services, their revisions with
/// traffic shares, and each component's replica addresses, local ones in a run and Service DNS names when published.
/// </summary>
public static class RouteTableDocument
{
    /// <summary>Writes the table; <paramref name="addresses"/> gives a component's HTTP and gRPC replica addresses.</summary>
    public static JsonObject Create(
        string domain,
        IEnumerable<InferenceServiceResource> services,
        Func<ComponentResource, (IReadOnlyList<Uri> Http, IReadOnlyList<Uri> Grpc)> addresses)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(addresses);
        return new JsonObject
        {
            ["domain"] = domain,
            ["services"] = new JsonArray([.. services.Select(service => (JsonNode)Service(service, addresses))]),
        };
    }

    private static JsonObject Service(InferenceServiceResource service, Func<ComponentResource, (IReadOnlyList<Uri> Http, IReadOnlyList<Uri> Grpc)> addresses)
    {
        var spec = service.Spec;
        var route = new JsonObject
        {
            ["name"] = spec.Name,
            ["namespace"] = spec.Namespace,
            ["revisions"] = new JsonArray([.. spec.Revisions.Select(revision => (JsonNode)Revision(service, revision, addresses))]),
        };

        // The entry component's timeout and concurrency bound the whole service, as Knative's do for a revision.
        var entry = spec.Revisions[0].Transformer ?? spec.Revisions[0].Predictor;
        if (entry.Timeout is { } timeout)
        {
            route["timeoutSeconds"] = timeout.TotalSeconds;
        }

        if (entry.ContainerConcurrency is > 0 and var perReplica)
        {
            var replicas = service.Components.Where(c => c.Role == ComponentRole.Predictor).Sum(c => c.Annotations.Last<ApplicationModel.ReplicaAnnotation>()?.Initial ?? 1);
            route["maxConcurrency"] = perReplica * Math.Max(replicas, 1);
        }

        if (spec.Logger is { } logger)
        {
            route["logger"] = new JsonObject { ["url"] = logger.Url, ["mode"] = logger.Mode.ToString().ToLowerInvariant() };
        }

        return route;
    }

    private static JsonObject Revision(InferenceServiceResource service, RevisionSpec revision, Func<ComponentResource, (IReadOnlyList<Uri> Http, IReadOnlyList<Uri> Grpc)> addresses)
    {
        var route = new JsonObject { ["name"] = revision.Name, ["percent"] = revision.TrafficPercent };
        foreach (var role in (ComponentRole[])[ComponentRole.Predictor, ComponentRole.Transformer, ComponentRole.Explainer])
        {
            if (service.Component(revision.Name, role) is { } component)
            {
                var (http, grpc) = addresses(component);
                route[role.ToString().ToLowerInvariant()] = new JsonObject
                {
                    ["http"] = new JsonArray([.. http.Select(u => (JsonNode)u.ToString())]),
                    ["grpc"] = new JsonArray([.. grpc.Select(u => (JsonNode)u.ToString())]),
                };
            }
        }

        return route;
    }

    /// <summary>The table's JSON text, indented as a person would read it.</summary>
    public static string ToText(JsonObject table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
