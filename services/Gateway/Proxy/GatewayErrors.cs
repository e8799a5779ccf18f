using System.Text.Json;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.Json;

namespace Modelplane.Gateway.Proxy;

/// <summary>Writes the gateway's own answers: <c>{"error": "..."}</c> over REST, a trailers-only status over gRPC.</summary>
internal static class GatewayErrors
{
    private static readonly JsonSerializerOptions Relaxed = new(ServingJsonContext.Default.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteAsync(HttpContext context, bool grpc, int status, string message)
    {
        var response = context.Response;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = "1";
        }

        if (grpc)
        {
            // gRPC carries its errors in a 200 with grpc-status; a trailers-only response puts them in the headers.
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = GrpcStatus(status).ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return Task.CompletedTask;
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        return response.WriteAsync(JsonSerializer.Serialize(new ErrorResponse(message), Relaxed), context.RequestAborted);
    }

    private static int GrpcStatus(int http) => http switch
    {
        400 or 413 => 3,
        401 => 16,
        403 => 7,
        404 => 5,
        504 => 4,
        503 or 502 => 14,
        _ => 13,
    };
}
