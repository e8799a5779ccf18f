using Microsoft.AspNetCore.Http;

namespace Modelplane.Serving.Errors;

/// <summary>
/// The one error type of the serving SDK: a message that names what is wrong and where, and a kind that
/// decides the status code. Everything a client can cause is reported through it.
/// </summary>
public sealed class InferenceException : Exception
{
    // Set only for an error another server answered, whose code may be one no kind has (401, 409, 429...).
    private readonly int? _statusCode;

    /// <summary>Creates an error of a given kind.</summary>
    public InferenceException(InferenceErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Creates a bad-request error.</summary>
    public InferenceException()
        : this(InferenceErrorKind.BadRequest, "bad request")
    {
    }

    /// <summary>Creates a bad-request error.</summary>
    public InferenceException(string message)
        : this(InferenceErrorKind.BadRequest, message)
    {
    }

    /// <summary>Creates a bad-request error with its cause.</summary>
    public InferenceException(string message, Exception innerException)
        : this(InferenceErrorKind.BadRequest, message, innerException)
    {
    }

    private InferenceException(int statusCode, string message, Exception? innerException)
        : this(KindOf(statusCode), message, innerException)
    {
        _statusCode = statusCode;
    }

    /// <summary>What kind of failure this is.</summary>
    public InferenceErrorKind Kind { get; }

    /// <summary>The HTTP status code: the one another server answered (<see cref="FromStatus"/>), else the one of <see cref="Kind"/>.</summary>
    public int StatusCode => _statusCode ?? Kind switch
    {
        InferenceErrorKind.BadRequest => StatusCodes.Status400BadRequest,
        InferenceErrorKind.NotFound => StatusCodes.Status404NotFound,
        InferenceErrorKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        InferenceErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        InferenceErrorKind.NotImplemented => StatusCodes.Status501NotImplemented,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>A 400: the request is malformed or does not fit the model.</summary>
    public static InferenceException BadRequest(string message) => new(InferenceErrorKind.BadRequest, message);

    /// <summary>A 404: the model or version is not served here.</summary>
    public static InferenceException NotFound(string message) => new(InferenceErrorKind.NotFound, message);

    /// <summary>A 413: the body is over the limit.</summary>
    public static InferenceException PayloadTooLarge(string message) => new(InferenceErrorKind.PayloadTooLarge, message);

    /// <summary>A 503: not ready, or a dependency is down.</summary>
    public static InferenceException Unavailable(string message, Exception? innerException = null) => new(InferenceErrorKind.Unavailable, message, innerException);

    /// <summary>A 501: the model does not offer the operation.</summary>
    public static InferenceException NotImplemented(string message) => new(InferenceErrorKind.NotImplemented, message);

    /// <summary>
    /// An error another server answered with <paramref name="statusCode"/>, passed on with that code: a 401 from a model
    /// server stays a 401, where the kinds alone would make it a 400. The kind is the nearest one, for gRPC and for logs.
    /// </summary>
    public static InferenceException FromStatus(int statusCode, string message, Exception? innerException = null) => new(statusCode, message, innerException);

    private static InferenceErrorKind KindOf(int statusCode) => statusCode switch
    {
        StatusCodes.Status404NotFound => InferenceErrorKind.NotFound,
        StatusCodes.Status413PayloadTooLarge => InferenceErrorKind.PayloadTooLarge,
        StatusCodes.Status429TooManyRequests => InferenceErrorKind.Unavailable,
        >= 400 and < 500 => InferenceErrorKind.BadRequest,
        StatusCodes.Status501NotImplemented => InferenceErrorKind.NotImplemented,
        StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable or StatusCodes.Status504GatewayTimeout => InferenceErrorKind.Unavailable,
        _ => InferenceErrorKind.Internal,
    };
}
