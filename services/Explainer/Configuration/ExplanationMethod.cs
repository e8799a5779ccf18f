namespace Modelplane.Explainer.Configuration;

/// <summary>How the explainer attributes a model's output to the model's input.</summary>
public enum ExplanationMethod
{
    /// <summary>Occlusion for images; exact Shapley values up to <see cref="ExplanationOptions.MaxExactFeatures"/> features, Kernel SHAP above.</summary>
    Auto,

    /// <summary>Exact Shapley values: every coalition of features, against background data.</summary>
    Exact,

    /// <summary>Kernel SHAP: a weighted, seeded sample of coalitions within a budget, solved by constrained weighted least squares.</summary>
    KernelShap,

    /// <summary>Occlusion saliency for images: how much the output drops when a sliding patch is covered.</summary>
    Occlusion,
}
