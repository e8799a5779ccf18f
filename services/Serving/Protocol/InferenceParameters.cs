using System.Diagnostics.CodeAnalysis;

namespace Modelplane.Serving.Protocol;

/// <summary>
/// The protocol's <c>parameters</c> object: string keys with a boolean, integer, floating-point or string value.
/// </summary>
public sealed class InferenceParameters
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);

    /// <summary>The number of parameters.</summary>
    public int Count => _values.Count;

    /// <summary>The parameters in insertion order.</summary>
    public IEnumerable<KeyValuePair<string, object>> Entries => _values;

    /// <summary>Sets a parameter; the value must be a <see cref="bool"/>, <see cref="long"/>, <see cref="double"/> or <see cref="string"/>.</summary>
    public InferenceParameters Set(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _values[key] = value switch
        {
            double d when !double.IsFinite(d) => throw new ArgumentException($"parameter '{key}': {d} is not a finite number", nameof(value)),
            float f when !float.IsFinite(f) => throw new ArgumentException($"parameter '{key}': {f} is not a finite number", nameof(value)),
            bool or long or double or string => value,
            int i => (long)i,
            float f => (double)f,
            _ => throw new ArgumentException($"parameter '{key}': {value?.GetType().Name ?? "null"} is not a boolean, integer, number or string", nameof(value)),
        };
        return this;
    }

    /// <summary>Removes a parameter; true when it was present.</summary>
    public bool Remove(string key) => _values.Remove(key);

    /// <summary>True when the parameter is present.</summary>
    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>Reads a parameter of a given type; false when absent or of another type.</summary>
    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        if (_values.TryGetValue(key, out var raw) && raw is T typed)
        {
            value = typed;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Reads a parameter whatever its type; false when absent.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value) => _values.TryGetValue(key, out value);
}
