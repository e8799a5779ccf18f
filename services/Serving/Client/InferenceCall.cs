namespace Modelplane.Serving.Client;

/// <summary>One call a client makes, for its messages: what was asked (<c>an inference</c>) of which model version.</summary>
internal readonly record struct InferenceCall(string Asked, string Model, string? Version)
{
    public static InferenceCall Infer(string model, string? version) => new("an inference", model, version);

    public static InferenceCall Metadata(string model, string? version) => new("the metadata", model, version);

    public static InferenceCall Readiness(string model, string? version) => new("the readiness", model, version);

    public static InferenceCall PredictV1(string model) => new("a v1 prediction", model, null);

    /// <summary>The model, and its version when one was named: <c>model 'iris' version 1</c>.</summary>
    public string Subject => Version is null ? $"model '{Model}'" : $"model '{Model}' version {Version}";

    /// <summary>The whole call: <c>the metadata of model 'iris' version 1</c>.</summary>
    public string What => $"{Asked} of {Subject}";

    /// <summary>The model's path under <c>/v2/models/</c>, with its version when one was named.</summary>
    public string ModelPath => Version is null
        ? $"v2/models/{Uri.EscapeDataString(Model)}"
        : $"v2/models/{Uri.EscapeDataString(Model)}/versions/{Uri.EscapeDataString(Version)}";
}
