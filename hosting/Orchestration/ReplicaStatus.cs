namespace Modelplane.Hosting.Orchestration;

/// <summary>One replica of a resource as it is now.</summary>
/// <param name="Resource">The resource's name.</param>
/// <param name="Index">The replica's number, from 0.</param>
/// <param name="State">Where it is in its life.</param>
/// <param name="ProcessId">Its process, while one runs.</param>
/// <param name="Endpoints">Its endpoints by name (<c>http</c>, <c>grpc</c>).</param>
/// <param name="Restarts">How often it was restarted after exiting.</param>
/// <param name="Since">When it entered <paramref name="State"/>.</param>
/// <param name="Message">Why it is in that state, when that needs saying (an exit code and the last line it wrote).</param>
public sealed record ReplicaStatus(
    string Resource,
    int Index,
    ReplicaState State,
    int? ProcessId,
    IReadOnlyDictionary<string, Uri> Endpoints,
    int Restarts,
    DateTimeOffset Since,
    string? Message);
