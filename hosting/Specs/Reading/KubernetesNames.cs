using System.Text;

namespace Modelplane.Hosting.Specs.Reading;

/// <summary>
/// The names Kubernetes accepts. A service or revision name becomes a Service, a Deployment and a host name, so it
/// must be a DNS label that starts with a letter (KServe checks the same); a namespace may start with a digit.
/// </summary>
internal static class KubernetesNames
{
    public const int MaxLength = 63;

    /// <summary>Why <paramref name="name"/> is not a valid service or revision name, with a valid one to use; null when it is valid.</summary>
    public static string? ProblemWithName(string name) =>
        IsLabel(name, letterFirst: true)
            ? null
            : $"'{name}' is not a valid name: use lower-case letters, digits and '-', start with a letter and end with a letter or digit, at most {MaxLength} characters{Example(name, letterFirst: true)}";

    /// <summary>Why <paramref name="name"/> is not a valid namespace, with a valid one to use; null when it is valid.</summary>
    public static string? ProblemWithNamespace(string name) =>
        IsLabel(name, letterFirst: false)
            ? null
            : $"'{name}' is not a valid namespace: use lower-case letters, digits and '-', start and end with a letter or digit, at most {MaxLength} characters{Example(name, letterFirst: false)}";

    private static bool IsLabel(string name, bool letterFirst) =>
        name.Length is > 0 and <= MaxLength
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && (letterFirst ? char.IsAsciiLetterLower(name[0]) : name[0] != '-')
        && name[^1] != '-';

    private static string Example(string name, bool letterFirst)
    {
        var text = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            text.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-');
        }

        var fixedName = text.ToString().TrimStart(letterFirst ? "-0123456789".ToCharArray() : ['-']);
        fixedName = fixedName[..Math.Min(fixedName.Length, MaxLength)].TrimEnd('-');
        return IsLabel(fixedName, letterFirst) ? $" (e.g. {fixedName})" : string.Empty;
    }
}
