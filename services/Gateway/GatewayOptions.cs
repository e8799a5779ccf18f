namespace Modelplane.Gateway;

/// <summary>The gateway's settings, bound from the <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Gateway";

    /// <summary>The route table's JSON file; reloaded when it changes.</summary>
    public string? RouteTable { get; set; }

    /// <summary>The largest request body accepted, in bytes; larger ones get 413. 64 MiB by default.</summary>
    public long MaxRequestBodySize { get; set; } = 64L * 1024 * 1024;

    /// <summary>How often each replica's <c>/v2/health/ready</c> is probed, in seconds.</summary>
    public double HealthCheckIntervalSeconds { get; set; } = 5;

    /// <summary>How long a replica that failed requests is left out before it is tried again, in seconds.</summary>
    public double EjectionSeconds { get; set; } = 10;

    /// <summary>
    /// Whether REST requests to a component whose replicas all listen for HTTP/2 too (their gRPC port, which serves
    /// every route) go there under load, many multiplexed on one connection, rather than over HTTP/1.1 with a
    /// connection per request in flight. Under concurrent load HTTP/2 saves the replica and the gateway most of their
    /// socket reads, writes and wake-ups; a lone request pays for its extra thread hops, so light traffic stays on
    /// HTTP/1.1 (see <see cref="RestOverHttp2InFlight"/>).
    /// </summary>
    public bool RestOverHttp2 { get; set; } = true;

    /// <summary>
    /// How many requests of a service must already be in flight for the next REST request to take HTTP/2
    /// (with <see cref="RestOverHttp2"/>); 0 sends every one over HTTP/2.
    /// </summary>
    public int RestOverHttp2InFlight { get; set; } = 4;

    /// <summary>The request header that pins a revision by name, for tests and tagged routing.</summary>
    public string RevisionHeader { get; set; } = "x-modelplane-revision";

    /// <summary>API keys; when there are any, every inference request needs one.</summary>
    public IList<ApiKeyOptions> ApiKeys { get; } = [];
}

/// <summary>An API key and the services it may call.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>A name for the key, which logs and metrics use instead of the key.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The secret.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The services it may call; <c>*</c> for all.</summary>
    public IList<string> Services { get; } = [];
}
