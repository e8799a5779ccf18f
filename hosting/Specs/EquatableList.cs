namespace Modelplane.Hosting.Specs;

/// <summary>Builds <see cref="EquatableList{T}"/> values, so collection expressions (<c>[a, b]</c>) produce them.</summary>
public static class EquatableList
{
    /// <summary>A list holding a copy of <paramref name="items"/>.</summary>
    public static EquatableList<T> Create<T>(ReadOnlySpan<T> items) => items.IsEmpty ? EquatableList<T>.Empty : new EquatableList<T>(items.ToArray());

    /// <summary>A list holding the items of <paramref name="items"/>.</summary>
    public static EquatableList<T> From<T>(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var array = items.ToArray();
        return array.Length == 0 ? EquatableList<T>.Empty : new EquatableList<T>(array);
    }
}
