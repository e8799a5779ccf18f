namespace Modelplane.Serving.Graphs;

/// <summary>One dot-separated part of a GJSON path.</summary>
internal abstract record GjsonSegment
{
    /// <summary>A key of an object, or the index of an array when it is all digits.</summary>
    public sealed record Key(string Name) : GjsonSegment;

    /// <summary><c>#</c>: an array's length when last, else the rest of the path applied to each element.</summary>
    public sealed record Count : GjsonSegment;

    /// <summary><c>#(...)</c>, the first element that matches, or with <paramref name="All"/> (<c>#(...)#</c>) every one.</summary>
    public sealed record Query(GjsonCondition Condition, bool All) : GjsonSegment;
}
