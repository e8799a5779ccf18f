namespace Modelplane.Explainer.Configuration;

/// <summary>The explainer's server-wide settings, bound from the <c>Explainer</c> section: which predictor it calls and how.</summary>
public sealed class ExplainerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Explainer";

    /// <summary>
    /// The predictor's address, <c>http://host:port</c> or KServe's <c>--predictor_host host:port</c>; when unset, the
    /// service named <see cref="Predictor"/> is found through service discovery.
    /// </summary>
    public string? PredictorUrl { get; set; }

    /// <summary>The predictor's service name, found as Aspire passes it: <c>services__{name}__http__0</c>. <c>predictor</c> by default.</summary>
    public string Predictor { get; set; } = "predictor";

    /// <summary>The most rows one predictor call carries; 4096 by default.</summary>
    public int MaxBatchSize { get; set; } = 4096;

    /// <summary>The most input bytes one predictor call carries, kept under the predictor's body limit; 16 MiB by default.</summary>
    public long MaxBatchBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>How long one predictor call may take, in seconds; 100 by default.</summary>
    public double PredictorTimeoutSeconds { get; set; } = 100;
}
