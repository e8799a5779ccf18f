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
    /// How long, in seconds, a request may wait for a replica of its revision to become ready when none is (one is
    /// being started again, stopping, or still loading its models) before it fails with 503; 30 by default. A service's
    /// own <c>timeoutSeconds</c> counts the wait too.
    /// </summary>
    public double HoldSeconds { get; set; } = 30;

    /// <summary>
    /// How many requests may wait for one component of a revision (its HTTP or its gRPC replicas) at once; those beyond
    /// fail at once with 503. 2,000 by default: 300 requests/s for the 3 to 4 s a replica takes to be killed, started
    /// again and ready, with room to spare. A waiting request holds its connection and, when it is small, its body.
    /// </summary>
    public int HoldQueueLength { get; set; } = 2000;

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

    /// <summary>
    /// Request bodies of a known length up to this many bytes are read whole before they are forwarded, so each such
    /// request leaves the gateway in one write with its headers instead of two (headers, then body), and wakes its
    /// replica once; a retry after a refused connection sends them again. Larger bodies, bodies of unknown length,
    /// gRPC and <c>Expect: 100-continue</c> requests stream as they arrive. 64 KiB by default; 0 streams every body.
    /// </summary>
    public int WholeBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Whether the gateway also records ASP.NET Core's and HttpClient's generic per-request metrics (<c>http.server.*</c>,
    /// <c>http.client.*</c>, <c>aspnetcore.routing.*</c>). Its own <c>modelplane.gateway.*</c> metrics already count,
    /// time and track the requests in flight per service and revision; the generic ones cost a lone request about a
    /// tenth of its time in the gateway, so they are off unless asked for.
    /// </summary>
    public bool HttpMetrics { get; set; }

    /// <summary>
    /// Whether the gateway counts the load of each component of each revision and streams it on
    /// <c>GET /.modelplane/load</c> to callers on its own machine, for the AppHost's autoscaler: every second each
    /// component's time-weighted average of requests in flight (held ones included), the requests that arrived, the
    /// requests held and in flight; and at once a demand line when a request starts waiting at a component with no
    /// ready replica, so scaling from zero does not wait for the second to end. Off by default (the endpoint answers
    /// 404): counting costs each request a few atomic adds that nothing reads without an autoscaler. Read at start.
    /// </summary>
    public bool LoadReport { get; set; }

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
