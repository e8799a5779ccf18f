namespace Modelplane.Serving.Routing;

/// <summary>
/// The response header by which a model server tells the gateway, on the answer itself, that it should not be sent
/// more requests: it is <see cref="Draining"/> (told to stop; the answer is good, the next request should go
/// elsewhere) or <see cref="NotReady"/> (its models are still loading; a 503 with this value did not run the model,
/// so the request can be sent again). The gateway acts on it at once, without waiting for its next readiness probe,
/// and does not pass it on.
/// </summary>
public static class ReplicaStateHeader
{
    /// <summary>The header's name.</summary>
    public const string Name = "x-modelplane-replica";

    /// <summary>The server is stopping and finishes what reaches it.</summary>
    public const string Draining = "draining";

    /// <summary>The server has not finished loading its models.</summary>
    public const string NotReady = "not-ready";
}
