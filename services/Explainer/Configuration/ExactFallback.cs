namespace Modelplane.Explainer.Configuration;

/// <summary>What <see cref="ExplanationMethod.Exact"/> does for a model with more features than it enumerates.</summary>
public enum ExactFallback
{
    /// <summary>Explain with Kernel SHAP instead, and say so in the response.</summary>
    KernelShap,

    /// <summary>Refuse the request with a message naming the limit.</summary>
    None,
}
