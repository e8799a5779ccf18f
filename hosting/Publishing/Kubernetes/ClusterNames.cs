using System.Text.RegularExpressions;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// The names Kubernetes accepts for what publishing derives from the graph (host names, a namespace, image names),
/// checked before anything is written, so a cluster never refuses what was published.
/// </summary>
internal static partial class ClusterNames
{
    public const int LongestLabel = 63;
    public const int LongestSubdomain = 253;

    /// <summary>Null when <paramref name="name"/> is a DNS label (a namespace, a Job's name), else what is wrong.</summary>
    public static string? LabelProblem(string what, string name) =>
        name.Length > LongestLabel
            ? $"{what} '{name}' is {name.Length} characters long; Kubernetes allows at most {LongestLabel}"
            : Label().IsMatch(name) ? null : $"{what} '{name}' is not a valid Kubernetes name: use lower-case letters, digits and '-', starting and ending with a letter or digit";

    /// <summary>Null when <paramref name="host"/> is a DNS name Kubernetes takes for an Ingress host, else what is wrong.</summary>
    public static string? HostProblem(string what, string host)
    {
        if (host.Length > LongestSubdomain)
        {
            return $"{what} '{host}' is {host.Length} characters long; a host name has at most {LongestSubdomain}";
        }

        var bad = host.Split('.').FirstOrDefault(part => part.Length > LongestLabel || !Label().IsMatch(part));
        return bad is null ? null : $"{what} '{host}' has the part '{bad}', which is not a DNS label (lower-case letters, digits and '-', at most {LongestLabel} characters)";
    }

    /// <summary>Null when <paramref name="registry"/> and <paramref name="tag"/> make valid image references, else what is wrong.</summary>
    public static string? ImageProblem(string registry, string tag) =>
        !Registry().IsMatch(registry) ? $"--registry '{registry}' is not a registry path: use lower-case letters, digits, '.', '-', '_', ':' for a port and '/' between parts, such as ghcr.io/you"
        : !Tag().IsMatch(tag) ? $"--tag '{tag}' is not an image tag: use letters, digits, '_', '.' and '-', at most 128 characters, not starting with '.' or '-'"
        : null;

    /// <summary>
    /// Null when <paramref name="key"/> is a label key (a node label, a taint's key): a name of at most 63 letters,
    /// digits, '-', '_' and '.', starting and ending with a letter or digit, after an optional DNS prefix and '/'; else
    /// what is wrong.
    /// </summary>
    public static string? LabelKeyProblem(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        var (prefix, name) = slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
        return prefix is not null && (prefix.Length > LongestSubdomain || !prefix.Split('.').All(Label().IsMatch))
            ? $"whose prefix '{prefix}' is not a DNS name (lower-case letters, digits, '-' and '.'), as a Kubernetes label key needs"
            : name.Length > LongestLabel || !QualifiedName().IsMatch(name)
                ? $"which is not a Kubernetes label key: use at most {LongestLabel} letters, digits, '-', '_' and '.', starting and ending with a letter or digit, after an optional prefix such as nvidia.com/"
                : null;
    }

    /// <summary>Null when <paramref name="value"/> is a label value (empty, or as a key's name part), else what is wrong.</summary>
    public static string? LabelValueProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length == 0 || (value.Length <= LongestLabel && QualifiedName().IsMatch(value))
            ? null
            : $"which is not a Kubernetes label value: use at most {LongestLabel} letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
    }

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$")]
    private static partial Regex Registry();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex Tag();
}
