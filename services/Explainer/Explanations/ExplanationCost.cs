namespace Modelplane.Explainer.Explanations;

/// <summary>What one explanation request cost the predictor: the calls made and the rows they carried.</summary>
internal sealed class ExplanationCost
{
    private int _calls;
    private long _rows;

    /// <summary>The predictor calls made.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The rows those calls carried, the instances' own included.</summary>
    public long Rows => Volatile.Read(ref _rows);

    /// <summary>Counts one call of <paramref name="rows"/> rows.</summary>
    public void Add(int rows)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _rows, rows);
    }
}
