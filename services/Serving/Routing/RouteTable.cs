using System.Text.Json.Serialization;

namespace Modelplane.Serving.Routing;

/// <summary>
/// What the gateway routes: services, each with revisions sharing its traffic by percentage, each revision with
/// the replicas of its components. The AppHost writes it as JSON; in Kubernetes a ConfigMap carries it.
/// </summary>
public sealed class RouteTable
{
    // Properties with defaults are settable, not init-only: source-generated JSON gives a missing init-only
    // property its type's default, not the initializer's value.

    /// <summary>The domain of service hosts, as in <c>{service}.{namespace}.{domain}</c>.</summary>
    public string Domain { get; set; } = "example.com";

    /// <summary>The services.</summary>
    public IReadOnlyList<ServiceRoute> Services { get; set; } = [];

    /// <summary>
    /// The InferenceGraphs; null (and not written) when there are none, so a table without graphs is what it was before
    /// graphs were part of it.
    /// </summary>
    public IReadOnlyList<GraphRoute>? Graphs { get; set; }
}

/// <summary>One InferenceService as the gateway sees it.</summary>
public sealed class ServiceRoute
{
    public required string Name { get; init; }

    public string Namespace { get; set; } = "default";

    /// <summary>How long a request may take when the table does not say: a minute.</summary>
    public const double DefaultTimeoutSeconds = 60;

    /// <summary>How long a request may take before the gateway answers 504; 0 for no limit.</summary>
    public double TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;

    /// <summary>Requests in flight at most (KServe's containerConcurrency over all replicas); 0 for no limit.</summary>
    public int MaxConcurrency { get; init; }

    /// <summary>Payload logging, as KServe's logger.</summary>
    public PayloadLoggerRoute? Logger { get; init; }

    /// <summary>The revisions and their share of the traffic.</summary>
    public IReadOnlyList<RevisionRoute> Revisions { get; set; } = [];

    /// <summary>The host this service answers on.</summary>
    public string HostName(string domain) => $"{Name}.{Namespace}.{domain}";
}

/// <summary>One revision of a service (default or canary) and the replicas of its components.</summary>
public sealed class RevisionRoute
{
    public required string Name { get; init; }

    /// <summary>Its share of the service's traffic, 0 to 100; the shares of a service add up to 100.</summary>
    public int Percent { get; set; } = 100;

    public ComponentRoute? Predictor { get; init; }

    public ComponentRoute? Transformer { get; init; }

    public ComponentRoute? Explainer { get; init; }
}

/// <summary>The replicas of one component: their HTTP addresses, and their gRPC addresses when they speak it.</summary>
public sealed class ComponentRoute
{
    public IReadOnlyList<string> Http { get; set; } = [];

    public IReadOnlyList<string> Grpc { get; set; } = [];

    /// <summary>
    /// None of its replicas runs now (the autoscaler stopped them all, as Knative scales to zero), and the lists are
    /// empty: a request, REST or gRPC, waits at the gateway while the autoscaler starts one.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ScaledToZero { get; set; }

    /// <summary>
    /// Why none of its replicas can serve now, when the AppHost knows (the replica it started failed: its reason); a
    /// request that finds no ready replica is then answered 503 with it at once, rather than waiting out the hold.
    /// </summary>
    public string? Unavailable { get; set; }

    /// <summary>
    /// True when the addresses are not the replicas but an activator in front of them that holds requests while the
    /// component has none and has it scaled from zero (KEDA's HTTP add-on interceptor in a plain cluster). The gateway
    /// does not probe such addresses: each probe would be a request through the activator and keep the component from
    /// ever scaling to zero.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ThroughActivator { get; set; }
}

/// <summary>Where and what KServe's logger sends: <c>all</c>, <c>request</c> or <c>response</c> payloads to a URL.</summary>
public sealed class PayloadLoggerRoute
{
    public required string Url { get; init; }

    public string Mode { get; set; } = "all";
}
