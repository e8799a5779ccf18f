namespace Modelplane.Serving.Hosting;

/// <summary>Server-wide settings, bound from the <c>Serving</c> configuration section.</summary>
public sealed class ServingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Serving";

    /// <summary>The largest request body accepted, in bytes; larger ones get 413. 64 MiB by default.</summary>
    public long MaxRequestBodySize { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// When true the server is ready only when every model is; when false (the default) it is ready once the
    /// initial load has finished and at least one model serves, so one broken model does not take the others down.
    /// </summary>
    public bool StrictReadiness { get; set; }

    /// <summary>The directory of a Triton-style model repository: <c>{model}/{version}/model.onnx</c>.</summary>
    public string? ModelRepository { get; set; }

    /// <summary>The server's name in <c>GET /v2</c>.</summary>
    public string ServerName { get; set; } = "modelplane";
}
