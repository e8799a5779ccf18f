namespace Modelplane.Serving.Batching;

/// <summary>What a model's batcher has done: runs, and the requests and rows they carried, so the mean batch shows.</summary>
public sealed class BatchCounters
{
    private long _runs;
    private long _requests;
    private long _rows;

    /// <summary>Model runs the batcher made.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Requests those runs answered.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Rows those runs took.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    internal void Record(int requests, int rows)
    {
        Interlocked.Increment(ref _runs);
        Interlocked.Add(ref _requests, requests);
        Interlocked.Add(ref _rows, rows);
    }
}
