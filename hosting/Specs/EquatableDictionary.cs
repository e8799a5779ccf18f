using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Modelplane.Hosting.Specs;

/// <summary>
/// An immutable map of text keys to text values (labels, annotations, environment, settings), kept in key order and
/// compared by content.
/// </summary>
public sealed class EquatableDictionary : IReadOnlyDictionary<string, string>, IEquatable<EquatableDictionary>
{
    private readonly SortedDictionary<string, string> _entries;

    private EquatableDictionary(SortedDictionary<string, string> entries) => _entries = entries;

    /// <summary>The map without entries.</summary>
    public static EquatableDictionary Empty { get; } = new(new SortedDictionary<string, string>(StringComparer.Ordinal));

    public int Count => _entries.Count;

    public IEnumerable<string> Keys => _entries.Keys;

    public IEnumerable<string> Values => _entries.Values;

    public string this[string key] => _entries[key];

    /// <summary>A map of <paramref name="entries"/>; a later entry with the same key replaces an earlier one.</summary>
    public static EquatableDictionary From(IEnumerable<KeyValuePair<string, string>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            sorted[key] = value;
        }

        return sorted.Count == 0 ? Empty : new EquatableDictionary(sorted);
    }

    /// <summary>This map with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public EquatableDictionary With(string key, string value) => From(this.Append(new KeyValuePair<string, string>(key, value)));

    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => _entries.TryGetValue(key, out value);

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public string? Find(string key) => _entries.GetValueOrDefault(key);

    public bool Equals(EquatableDictionary? other) =>
        other is not null && (ReferenceEquals(this, other) || (Count == other.Count && _entries.SequenceEqual(other._entries)));

    public override bool Equals(object? obj) => Equals(obj as EquatableDictionary);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _entries)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => $"{{{string.Join(", ", _entries.Select(e => $"{e.Key}={e.Value}"))}}}";

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
