namespace Modelplane.Hosting.Specs;

/// <summary>Server-side batching, as KServe's batcher: requests are held until a batch is full or the oldest has waited long enough.</summary>
public sealed record BatchingSpec
{
    /// <summary>The most requests in one batch; null for the server's default.</summary>
    public int? MaxBatchSize { get; init; }

    /// <summary>How long the first request of a batch may wait for others; null for the server's default.</summary>
    public TimeSpan? MaxLatency { get; init; }

    /// <summary>How long a batched request may take in all; null for the server's default.</summary>
    public TimeSpan? Timeout { get; init; }
}
