using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Modelplane.Serving.Buffers;
using Modelplane.Serving.Errors;

namespace Modelplane.Serving.Http;

/// <summary>Reads a whole request body into a pooled buffer, refusing one over the limit with 413 before reading it.</summary>
public static class RequestBody
{
    /// <summary>The body, in a buffer the caller disposes; a 413 naming <c>Serving:MaxRequestBodySize</c> when over <paramref name="limit"/>.</summary>
    public static async ValueTask<PooledBufferWriter> ReadAsync(HttpContext context, long limit)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (request.ContentLength is { } declared && declared > limit)
        {
            throw TooLarge(declared, limit);
        }

        // The loop below counts body bytes against the configured limit. The web server's own limit (30 MB by
        // default) would also count chunk framing, refusing chunked bodies within the limit, so it steps aside.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = null;
        }

        // A declared length sizes the buffer once, with a byte to spare for reading the end: a body that doubled its
        // way up would hold up to 1.5 times its size while growing. A chunked body grows as it comes.
        var declaredLength = request.ContentLength is > 0 and < int.MaxValue ? (int)request.ContentLength.Value : 0;
        var buffer = new PooledBufferWriter(declaredLength > 0 ? declaredLength + 1 : 4096);
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(buffer.GetMemory(declaredLength > 0 ? 1 : 4096), context.RequestAborted);
                if (read == 0)
                {
                    return buffer;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    throw TooLarge(null, limit);
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            buffer.Dispose();
            throw TooLarge(null, limit);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private static InferenceException TooLarge(long? declared, long limit) => InferenceException.PayloadTooLarge(declared is { } size
        ? $"request body of {size} bytes is over the limit of {limit} bytes (Serving:MaxRequestBodySize)"
        : $"request body is over the limit of {limit} bytes (Serving:MaxRequestBodySize)");
}
