using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Modelplane.Serving.Buffers;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.Json;

namespace Modelplane.Serving.Http;

/// <summary>
/// Writes JSON bodies with a Content-Length (no chunking) from a pooled buffer, and errors as <c>{"error": "..."}</c>
/// with the status of their kind; public so servers built on the SDK answer their own routes the same way.
/// </summary>
public static class JsonResponses
{
    // Messages quote names ('iris'); the default encoder would write \u0027, which no reader of an error wants.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The content type of a body that carries binary tensor data after its JSON.</summary>
    public const string BinaryContentType = "application/octet-stream";

    /// <summary>Writes <paramref name="body"/> as the whole response.</summary>
    public static async Task WriteAsync(HttpContext context, int statusCode, PooledBufferWriter body, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = body.WrittenCount;
        await response.BodyWriter.WriteAsync(body.WrittenMemory, context.RequestAborted);
    }

    /// <summary>Writes <paramref name="value"/> as JSON.</summary>
    public static async Task WriteAsync<T>(HttpContext context, int statusCode, T value, JsonTypeInfo<T> typeInfo)
    {
        using var body = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(body, WriterOptions))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        await WriteAsync(context, statusCode, body);
    }

    /// <summary>Writes <c>{"error": "..."}</c> with the error's status; a 503 says when to try again.</summary>
    public static Task WriteErrorAsync(HttpContext context, InferenceException error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        if (error.Kind == InferenceErrorKind.Unavailable)
        {
            context.Response.Headers.RetryAfter = "1";
        }
        else if (error.Kind == InferenceErrorKind.PayloadTooLarge)
        {
            // The rest of the body was never read, so the connection cannot carry another request; saying so
            // stops the client from sending its next request into a connection that is about to close.
            context.Response.Headers.Connection = "close";
        }

        return WriteAsync(context, error.StatusCode, new ErrorResponse(error.Message), ServingJsonContext.Default.ErrorResponse);
    }
}
