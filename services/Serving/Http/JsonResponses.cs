using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Modelplane.Serving.Buffers;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.Json;

namespace Modelplane.Serving.Http;

/// <summary>Writes JSON bodies with a Content-Length (no chunking) from a pooled buffer.</summary>
internal static class JsonResponses
{
    // Messages quote names ('iris'); the default encoder would write \u0027, which no reader of an error wants.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The content type of a body that carries binary tensor data after its JSON.</summary>
    public const string BinaryContentType = "application/octet-stream";

    public static async Task WriteAsync(HttpContext context, int statusCode, PooledBufferWriter body, string contentType = "application/json")
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = body.WrittenCount;
        await response.BodyWriter.WriteAsync(body.WrittenMemory, context.RequestAborted);
    }

    public static async Task WriteAsync<T>(HttpContext context, int statusCode, T value, JsonTypeInfo<T> typeInfo)
    {
        using var body = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(body, WriterOptions))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        await WriteAsync(context, statusCode, body);
    }

    public static Task WriteErrorAsync(HttpContext context, InferenceException error)
    {
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
