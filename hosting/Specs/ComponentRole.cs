namespace Modelplane.Hosting.Specs;

/// <summary>What a component of a revision does: serve the model, pre- and post-process, or explain.</summary>
public enum ComponentRole
{
    Predictor,
    Transformer,
    Explainer,
}
