using System.Collections.Frozen;
using Modelplane.Gateway.Autoscaling;
using Modelplane.Serving.Routing;

namespace Modelplane.Gateway.Routing;

/// <summary>A route table made ready for lookups: services by host and by name, revisions with their cumulative shares.</summary>
public sealed class CompiledRoutes
{
    private readonly FrozenDictionary<string, CompiledService> _byHost;
    private readonly FrozenDictionary<string, CompiledService> _byName;

    /// <summary>Compiles a table that passed its checks.</summary>
    public CompiledRoutes(RouteTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Table = table;
        Services = [.. table.Services.Select(s => new CompiledService(s))];
        _byName = Services.ToFrozenDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        _byHost = Services.ToFrozenDictionary(s => s.Route.HostName(table.Domain), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The table.</summary>
    public RouteTable Table { get; }

    /// <summary>The services.</summary>
    public IReadOnlyList<CompiledService> Services { get; }

    /// <summary>The service a host name belongs to (<c>{service}.{namespace}.{domain}</c>), or null.</summary>
    public CompiledService? FindByHost(string host) => _byHost.GetValueOrDefault(host);

    /// <summary>The service of a model name, or null.</summary>
    public CompiledService? FindByName(string name) => _byName.GetValueOrDefault(name);
}

/// <summary>A service ready for routing.</summary>
public sealed class CompiledService
{
    private readonly int[] _cumulative;

    internal CompiledService(ServiceRoute route)
    {
        Route = route;
        Revisions = [.. route.Revisions.Select(r => new CompiledRevision(route.Name, r))];
        _cumulative = new int[Revisions.Count];
        var sum = 0;
        for (var i = 0; i < Revisions.Count; i++)
        {
            sum += Revisions[i].Route.Percent;
            _cumulative[i] = sum;
        }
    }

    public ServiceRoute Route { get; }

    public string Name => Route.Name;

    public IReadOnlyList<CompiledRevision> Revisions { get; }

    /// <summary>The revision a draw from 0 (inclusive) to 100 (exclusive) falls on, by the revisions' shares.</summary>
    public CompiledRevision Choose(int draw)
    {
        for (var i = 0; i < _cumulative.Length; i++)
        {
            if (draw < _cumulative[i])
            {
                return Revisions[i];
            }
        }

        return Revisions[^1];
    }

    /// <summary>The revision of a name, or null.</summary>
    public CompiledRevision? Find(string name) => Revisions.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A revision ready for routing, with the names of its components' clusters.</summary>
public sealed class CompiledRevision
{
    internal CompiledRevision(string service, RevisionRoute route)
    {
        Route = route;
        Service = service;
    }

    public RevisionRoute Route { get; }

    public string Service { get; }

    public string Name => Route.Name;

    /// <summary>
    /// The load counters of its components, found on the first request of this route table's version rather than
    /// looked up on every request.
    /// </summary>
    internal RevisionLoad? Load { get; set; }

    /// <summary>The component that answers a request: the explainer for explain, else the transformer if any, else the predictor.</summary>
    public (string Component, ComponentRoute? Route) Target(bool explain) =>
        explain ? ("explainer", Route.Explainer)
        : Route.Transformer is { } transformer ? ("transformer", transformer)
        : ("predictor", Route.Predictor);

    /// <summary>
    /// The cluster of a component: its HTTP ports over HTTP/1.1, or its HTTP/2 (gRPC) ports, which carry gRPC and,
    /// under load, REST too.
    /// </summary>
    public string ClusterId(string component, bool http2) => http2 ? $"{Service}/{Name}/{component}/grpc" : $"{Service}/{Name}/{component}";

    /// <summary>
    /// Whether REST can reach the component over HTTP/2: every replica has an HTTP/2 (gRPC) port, which serves every
    /// route. A partial list would leave replicas out, so it counts only when the lists are as long as each other.
    /// </summary>
    public static bool ListensForHttp2(ComponentRoute route) => route.Grpc.Count > 0 && route.Grpc.Count == route.Http.Count;
}

