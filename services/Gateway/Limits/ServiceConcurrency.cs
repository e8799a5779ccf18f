using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Modelplane.Gateway.Limits;

/// <summary>
/// Requests in flight per service, and the limit on them: over it a request is refused at once (503 with
/// Retry-After) rather than queued without bound.
/// </summary>
internal sealed class ServiceConcurrency
{
    private readonly ConcurrentDictionary<string, StrongBox<int>> _inFlight = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Counts a request in; false, and not counted, when the service is at <paramref name="limit"/> (0: no limit).</summary>
    public bool TryEnter(string service, int limit)
    {
        var count = _inFlight.GetOrAdd(service, _ => new StrongBox<int>());
        if (Interlocked.Increment(ref count.Value) <= limit || limit <= 0)
        {
            return true;
        }

        Interlocked.Decrement(ref count.Value);
        return false;
    }

    /// <summary>Counts a request out.</summary>
    public void Exit(string service) => Interlocked.Decrement(ref _inFlight[service].Value);

    /// <summary>The requests in flight for a service now.</summary>
    public int InFlight(string service) => _inFlight.TryGetValue(service, out var count) ? Volatile.Read(ref count.Value) : 0;
}
