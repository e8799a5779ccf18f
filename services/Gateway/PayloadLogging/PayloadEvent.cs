namespace Modelplane.Gateway.PayloadLogging;

/// <summary>One payload to log: a request or response body and what KServe's logger says about it.</summary>
internal sealed record PayloadEvent(
    Uri Sink,
    string Id,
    string Type,
    Uri Source,
    string Service,
    string Namespace,
    string Component,
    string Revision,
    string? ContentType,
    byte[] Data,
    string? TraceParent)
{
    /// <summary>KServe's type for a logged request.</summary>
    public const string RequestType = "org.kubeflow.serving.inference.request";

    /// <summary>KServe's type for a logged response.</summary>
    public const string ResponseType = "org.kubeflow.serving.inference.response";
}
