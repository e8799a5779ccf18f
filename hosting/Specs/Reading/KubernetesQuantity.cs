using System.Text.RegularExpressions;

namespace Modelplane.Hosting.Specs.Reading;

/// <summary>Kubernetes resource quantities: <c>500m</c>, <c>2</c>, <c>1.5</c>, <c>2Gi</c>, <c>128M</c>, <c>1e3</c>.</summary>
internal static partial class KubernetesQuantity
{
    public static bool IsValid(string text) => Pattern().IsMatch(text);

    [GeneratedRegex(@"^[+]?(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
