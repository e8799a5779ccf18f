using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Modelplane.Serving.Errors;

namespace Modelplane.Transformer.Pipeline;

/// <summary>
/// One value a client sent for one row: a member of a v1 instance (JSON), an element of a v2 BYTES input, or a number
/// of a v2 numeric input; or nothing, when the row lacks it. <see cref="Where"/> names it in messages.
/// </summary>
public readonly struct ClientValue
{
    private readonly JsonElement _json;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly double _number;
    private readonly Kind _kind;

    private ClientValue(string where, Kind kind, JsonElement json = default, ReadOnlyMemory<byte> bytes = default, double number = 0)
    {
        Where = where;
        _kind = kind;
        _json = json;
        _bytes = bytes;
        _number = number;
    }

    private enum Kind
    {
        Missing,
        Json,
        Bytes,
        Number,
    }

    /// <summary>Where the value is in the request, as <c>instances[0].image_bytes</c> or <c>input 'image' [0]</c>.</summary>
    public string Where { get; }

    /// <summary>True when the row has no such value, or it is JSON null.</summary>
    public bool IsMissing => _kind == Kind.Missing || (_kind == Kind.Json && _json.ValueKind == JsonValueKind.Null);

    internal static ClientValue Missing(string where) => new(where, Kind.Missing);

    internal static ClientValue FromJson(string where, JsonElement json) => new(where, Kind.Json, json: json);

    internal static ClientValue FromBytes(string where, ReadOnlyMemory<byte> bytes) => new(where, Kind.Bytes, bytes: bytes);

    internal static ClientValue FromNumber(string where, double number) => new(where, Kind.Number, number: number);

    /// <summary>
    /// Binary content, such as an encoded image: a JSON <c>{"b64": "..."}</c> object or base64 string (KServe's forms),
    /// or a v2 BYTES element, raw or base64 text.
    /// </summary>
    public ReadOnlyMemory<byte> GetBinary()
    {
        switch (_kind)
        {
            case Kind.Bytes:
                // KServe's v2 image examples send the file base64-encoded in a BYTES element; others send it raw.
                return Base64.IsValid(_bytes.Span, out _) && _bytes.Length > 0 ? DecodeBase64(Encoding.ASCII.GetString(_bytes.Span)) : _bytes;
            case Kind.Json when _json.ValueKind == JsonValueKind.Object && _json.TryGetProperty("b64", out var b64) && b64.ValueKind == JsonValueKind.String:
                return DecodeBase64(b64.GetString()!, ".b64");
            case Kind.Json when _json.ValueKind == JsonValueKind.String:
                return DecodeBase64(_json.GetString()!);
            default:
                throw Missing() ?? InferenceException.BadRequest($"{Where} must be {{\"b64\": \"<base64>\"}} or a base64 string, got {Describe()}");
        }
    }

    /// <summary>Text: a JSON string or a v2 BYTES element in UTF-8.</summary>
    public string GetText() => _kind switch
    {
        Kind.Bytes => Encoding.UTF8.GetString(_bytes.Span),
        Kind.Json when _json.ValueKind == JsonValueKind.String => _json.GetString()!,
        _ => throw Missing() ?? InferenceException.BadRequest($"{Where} must be a string, got {Describe()}"),
    };

    /// <summary>A number: a JSON number, a number of a numeric v2 input, or a string holding one.</summary>
    public double GetNumber()
    {
        switch (_kind)
        {
            case Kind.Number:
                return _number;
            case Kind.Json when _json.ValueKind == JsonValueKind.Number:
                return _json.GetDouble();
            case Kind.Json when _json.ValueKind == JsonValueKind.String
                && double.TryParse(_json.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed):
                return parsed;
            case Kind.Bytes when double.TryParse(Encoding.UTF8.GetString(_bytes.Span), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed):
                return parsed;
            default:
                throw Missing() ?? InferenceException.BadRequest($"{Where} must be a number, got {Describe()}");
        }
    }

    /// <summary>A category: a JSON string, number or boolean, or a v2 element, as text.</summary>
    public string GetCategory() => _kind switch
    {
        Kind.Number => _number.ToString(CultureInfo.InvariantCulture),
        Kind.Bytes => Encoding.UTF8.GetString(_bytes.Span),
        Kind.Json when _json.ValueKind == JsonValueKind.String => _json.GetString()!,
        Kind.Json when _json.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => _json.GetRawText(),
        _ => throw Missing() ?? InferenceException.BadRequest($"{Where} must be a string or a number, got {Describe()}"),
    };

    private InferenceException? Missing() => IsMissing ? InferenceException.BadRequest($"{Where} is missing") : null;

    private string Describe() => _kind switch
    {
        Kind.Json => _json.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "a list",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        },
        Kind.Number => "a number",
        Kind.Bytes => "bytes",
        _ => "nothing",
    };

    private ReadOnlyMemory<byte> DecodeBase64(string text, string member = "")
    {
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        return Convert.TryFromBase64String(text, bytes, out var written)
            ? bytes.AsMemory(0, written)
            : throw InferenceException.BadRequest($"{Where}{member} is not valid base64");
    }
}
