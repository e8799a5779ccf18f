using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Modelplane.Serving.Protocol.V2;

/// <summary>Reuses one <see cref="Utf8JsonWriter"/> per thread, so writing a response allocates no writer.</summary>
internal static class JsonWriterCache
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Text outputs (OCR in any script) stay readable UTF-8 instead of \u escapes; the body is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    /// <summary>Rents a writer over <paramref name="output"/>; dispose the lease to flush and return it.</summary>
    public static Lease Rent(IBufferWriter<byte> output)
    {
        var writer = _threadWriter;
        _threadWriter = null;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(output, Options);
        }
        else
        {
            writer.Reset(output);
        }

        return new Lease(writer);
    }

    /// <summary>A rented writer.</summary>
    internal readonly struct Lease(Utf8JsonWriter writer) : IDisposable
    {
        public Utf8JsonWriter Writer { get; } = writer;

        public void Dispose()
        {
            Writer.Flush();
            Writer.Reset();
            _threadWriter = Writer;
        }
    }
}
