using System.Buffers;
using System.IO.Pipelines;

namespace Modelplane.EchoServer;

/// <summary>Writes the request body back as JSON, as the cheapest possible JSON-in, JSON-out endpoint.</summary>
internal static class EchoEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        var aborted = context.RequestAborted;

        // Read the whole body before answering, so the response carries a Content-Length as the predictor's does.
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(aborted);
            if (read.IsCompleted)
            {
                break;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        var body = read.Buffer;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        var writer = context.Response.BodyWriter;
        foreach (var segment in body)
        {
            writer.Write(segment.Span);
        }

        reader.AdvanceTo(body.End);
        await writer.FlushAsync(aborted);
    }
}
