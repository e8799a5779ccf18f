namespace Modelplane.Transformer;

/// <summary>
/// The transformer's own settings, bound from the <c>Transformer</c> section; the pipelines sit under
/// <c>Transformer:Models</c>. How it calls its predictor is the inference client's (<c>Serving:Client</c>), which the
/// older keys of this section still set (<see cref="Hosting.TransformerClientSettings"/>).
/// </summary>
public sealed class TransformerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Transformer";

    /// <summary>A JSON file of pipelines (<c>--pipeline</c>), shaped as this section; files it names are relative to it.</summary>
    public string? Pipeline { get; set; }
}
