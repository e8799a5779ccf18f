using System.Text.RegularExpressions;

namespace Modelplane.Hosting;

/// <summary>
/// Resource names as Kubernetes takes them (DNS-1123 labels: lower case letters, digits and '-', starting with a
/// letter, at most 63 characters), so that a graph that runs locally also publishes.
/// </summary>
public static partial class ResourceNames
{
    /// <summary>The longest name Kubernetes accepts for a Service.</summary>
    public const int MaxLength = 63;

    /// <summary>Null when <paramref name="name"/> can name a resource, else what is wrong with it.</summary>
    public static string? Problem(string? name) => name switch
    {
        null or "" => "a resource needs a name",
        { Length: > MaxLength } => $"'{name}' is {name.Length} characters long; names have at most {MaxLength}",
        _ when !Label().IsMatch(name) => $"'{name}' is not a valid name: use lower case letters, digits and '-', starting with a letter and ending with a letter or digit",
        _ => null,
    };

    /// <summary>Throws an <see cref="ArgumentException"/> saying what is wrong with <paramref name="name"/>, if anything.</summary>
    public static void ThrowIfInvalid(string? name)
    {
        if (Problem(name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();
}
