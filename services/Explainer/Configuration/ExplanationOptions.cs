namespace Modelplane.Explainer.Configuration;

/// <summary>
/// How one model is explained. Read from the <c>Explainer</c> section for every model, then from
/// <c>Explainer:Models:{name}</c> for that model, whose settings win.
/// </summary>
public sealed class ExplanationOptions
{
    /// <summary>The method; <see cref="ExplanationMethod.Auto"/> by default.</summary>
    public ExplanationMethod Method { get; set; } = ExplanationMethod.Auto;

    /// <summary>
    /// The background data file (CSV or JSON), relative to the model directory or absolute; by default
    /// <c>background.csv</c> or <c>background.json</c> beside <c>config.json</c>.
    /// </summary>
    public string? Background { get; set; }

    /// <summary>The output to explain; by default the first one of one score per row or per class, floating-point first.</summary>
    public string? Output { get; set; }

    /// <summary>The most features exact Shapley values enumerate (2^n coalitions each); 14 by default.</summary>
    public int MaxExactFeatures { get; set; } = 14;

    /// <summary>What <see cref="ExplanationMethod.Exact"/> does above <see cref="MaxExactFeatures"/>.</summary>
    public ExactFallback ExactFallback { get; set; } = ExactFallback.KernelShap;

    /// <summary>Kernel SHAP's budget of coalitions per instance; by default 2 · features + 2048, as the shap library's.</summary>
    public int? Samples { get; set; }

    /// <summary>The seed of Kernel SHAP's sampling, so an explanation can be repeated exactly.</summary>
    public int Seed { get; set; }

    /// <summary>Occlusion's square patch, in pixels; by default an eighth of the shorter side.</summary>
    public int? PatchSize { get; set; }

    /// <summary>How far occlusion's patch moves at each step, in pixels; by default the patch size.</summary>
    public int? Stride { get; set; }

    /// <summary>The value an occluded pixel takes; 0 by default.</summary>
    public double Baseline { get; set; }

    /// <summary>Where a three-dimensional image input keeps its channels.</summary>
    public ImageLayout Layout { get; set; } = ImageLayout.Nchw;
}
