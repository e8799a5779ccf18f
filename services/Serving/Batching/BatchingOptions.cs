namespace Modelplane.Serving.Batching;

/// <summary>
/// Dynamic batching, as Triton's dynamic batcher and KServe's batcher: concurrent requests to one model are run
/// together, up to <see cref="MaxBatchSize"/> rows, the first waiting at most <see cref="MaxQueueDelayMicroseconds"/>
/// for others. Set server-wide (<c>Serving:Batching</c>) or per model in <c>config.json</c> (<c>dynamicBatching</c>).
/// </summary>
public sealed class BatchingOptions
{
    /// <summary>The most rows (first-dimension entries) one run takes; 0 turns batching off.</summary>
    public int MaxBatchSize { get; set; }

    /// <summary>
    /// How long the first request of a batch may wait for others, in microseconds. 0 batches only what is already
    /// waiting, which adds no delay when requests come one at a time.
    /// </summary>
    public int MaxQueueDelayMicroseconds { get; set; }

    /// <summary>True when batching is on.</summary>
    public bool Enabled => MaxBatchSize > 1;

    /// <summary>What is wrong with the settings, or null.</summary>
    public string? Problem() => MaxBatchSize < 0 ? $"maxBatchSize is {MaxBatchSize}; give 0 (off) or more"
        : MaxQueueDelayMicroseconds < 0 ? $"maxQueueDelayMicroseconds is {MaxQueueDelayMicroseconds}; give 0 or more"
        : null;
}
