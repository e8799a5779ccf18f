namespace Modelplane.Explainer.Configuration;

/// <summary>
/// The explainer's server-wide settings, bound from the <c>Explainer</c> section: how much one predictor call carries.
/// Which predictor it calls and how is the inference client's (<c>Serving:Client</c>), which older keys of this section
/// still set (<see cref="ExplainerClientSettings"/>).
/// </summary>
public sealed class ExplainerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Explainer";

    /// <summary>The most rows one predictor call carries; 4096 by default.</summary>
    public int MaxBatchSize { get; set; } = 4096;

    /// <summary>The most input bytes one predictor call carries, kept under the predictor's body limit; 16 MiB by default.</summary>
    public long MaxBatchBytes { get; set; } = 16L * 1024 * 1024;
}
