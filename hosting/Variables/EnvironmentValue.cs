using Aspire.Hosting.ApplicationModel;

namespace Modelplane.Hosting.Variables;

/// <summary>
/// The value of one variable a service is given: text, or a secret. A local run passes a secret's parameter itself (the
/// dashboard then masks it); a cluster reads it from a Secret's key, never from the pod spec.
/// </summary>
/// <param name="Text">The value as text: the value itself locally, a placeholder in a manifest; empty when <paramref name="Secret"/> holds it.</param>
/// <param name="Secret">Where a cluster reads the value from, or null.</param>
/// <param name="Parameter">The Aspire parameter the value comes from, or null.</param>
public sealed record EnvironmentValue(string Text, SecretReference? Secret = null, ParameterResource? Parameter = null)
{
    /// <summary>A plain value.</summary>
    public static implicit operator EnvironmentValue(string text) => new(text);

    /// <summary>A plain value.</summary>
    public static EnvironmentValue FromString(string text) => new(text);
}

/// <summary>One key of a Kubernetes Secret.</summary>
public sealed record SecretReference(string Name, string Key);

/// <summary>Hands an environment to Aspire's environment callback.</summary>
internal static class EnvironmentValues
{
    /// <summary>Sets every variable; a secret as its parameter, which the dashboard masks.</summary>
    public static void SetEach(this IReadOnlyDictionary<string, EnvironmentValue> environment, Action<string, object> set)
    {
        foreach (var (name, value) in environment)
        {
            set(name, (object?)value.Parameter ?? value.Text);
        }
    }
}
