namespace Modelplane.Serving.Errors;

/// <summary>What kind of failure an <see cref="InferenceException"/> reports; each maps to one HTTP and one gRPC status.</summary>
public enum InferenceErrorKind
{
    /// <summary>The request is malformed or does not fit the model (HTTP 400).</summary>
    BadRequest,

    /// <summary>The model or version is not served here (HTTP 404).</summary>
    NotFound,

    /// <summary>The request body is over the configured limit (HTTP 413).</summary>
    PayloadTooLarge,

    /// <summary>The server or model is not ready, or a dependency is down (HTTP 503).</summary>
    Unavailable,

    /// <summary>The model does not offer the operation, such as explain (HTTP 501).</summary>
    NotImplemented,

    /// <summary>The server failed while handling a valid request (HTTP 500).</summary>
    Internal,
}
