using System.Globalization;
using System.Text.Json;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;
using Modelplane.Transformer.Images;
using Modelplane.Transformer.Tabular;
using SkiaSharp;

namespace Modelplane.Transformer.Pipeline;

/// <summary>
/// What a pipeline's request side works on: the client's request (KServe v1 instances or v2 inputs), what steps have
/// made of it so far (images, a feature table, texts), and the tensors it sends to the predictor.
/// </summary>
public sealed class RequestContext : IDisposable
{
    private readonly ReadOnlyMemory<byte>[] _rows;
    private readonly JsonDocument?[] _instances;
    private IReadOnlyList<SKBitmap> _images = [];

    internal RequestContext(string modelName, InferenceRequest request)
    {
        ModelName = modelName;
        Request = request;
        V1Rows = V1Instances.Find(request);
        _rows = V1Rows is null ? [] : [.. BytesElements.Enumerate(V1Rows.Data)];
        _instances = new JsonDocument?[_rows.Length];
    }

    /// <summary>The model the client asked for.</summary>
    public string ModelName { get; }

    /// <summary>The client's request; a v1 body arrives as one BYTES input of raw JSON instances.</summary>
    public InferenceRequest Request { get; }

    /// <summary>True when the client spoke KServe v1 (<c>{"instances": [...]}</c>).</summary>
    public bool IsV1 => V1Rows is not null;

    /// <summary>
    /// Images decoded so far, one per row; setting them releases the previous ones unless they are among the new.
    /// </summary>
    public IReadOnlyList<SKBitmap> Images
    {
        get => _images;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            foreach (var old in _images.Where(old => !value.Contains(old)))
            {
                old.Dispose();
            }

            _images = value;
        }
    }

    /// <summary>Where each image came from, for messages: <c>instances[0].image_bytes</c>.</summary>
    public IReadOnlyList<string> ImageSources { get; set; } = [];

    /// <summary>Named features, one row per instance, once a <c>table.read</c> step has read them.</summary>
    public FeatureTable? Table { get; set; }

    /// <summary>Texts read so far, one per row.</summary>
    public IReadOnlyList<string>? Texts { get; set; }

    /// <summary>The tensors the predictor receives, in order.</summary>
    public IList<InferenceTensor> Inputs { get; } = [];

    private InferenceTensor? V1Rows { get; }

    /// <summary>The number of rows: v1 instances, or the first dimension of the v2 input <paramref name="field"/>.</summary>
    public int RowCount(string field) => V1Rows is { } rows ? (int)rows.ElementCount : (int)RowsOf(FindInput(field));

    /// <summary>
    /// The value each row holds for <paramref name="field"/>: a member of each v1 instance (or the instance itself when
    /// it is not an object), or the elements of the v2 input of that name.
    /// </summary>
    public IReadOnlyList<ClientValue> Read(string field)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        if (V1Rows is not null)
        {
            var values = new ClientValue[_instances.Length];
            for (var i = 0; i < values.Length; i++)
            {
                var instance = Instance(i);
                var where = $"instances[{i}]";
                values[i] = instance.ValueKind != JsonValueKind.Object || instance.TryGetProperty("b64", out _)
                    ? ClientValue.FromJson(where, instance)
                    : instance.TryGetProperty(field, out var member)
                        ? ClientValue.FromJson($"{where}.{field}", member)
                        : ClientValue.Missing($"{where}.{field}");
            }

            return values;
        }

        return ReadTensor(FindInput(field));
    }

    /// <summary>Like <see cref="Read"/>, but a v2 request without the input gives missing values instead of an error.</summary>
    public IReadOnlyList<ClientValue> ReadOptional(string field, int rows)
    {
        if (V1Rows is not null || Request.FindInput(field) is not null)
        {
            return Read(field);
        }

        return [.. Enumerable.Range(0, rows).Select(i => ClientValue.Missing($"input '{field}' [{i}]"))];
    }

    /// <summary>True when a row carries named values: a v1 instance that is an object, or any row of v2 inputs.</summary>
    public bool HasNamedFields(int row) =>
        V1Rows is null || (Instance(row) is { ValueKind: JsonValueKind.Object } instance && !instance.TryGetProperty("b64", out _));

    /// <summary>The names a row carries: the members of a v1 instance, or the names of the v2 inputs.</summary>
    public IReadOnlyList<string> FieldNames(int row) =>
        V1Rows is not null
            ? Instance(row) is { ValueKind: JsonValueKind.Object } instance ? [.. instance.EnumerateObject().Select(p => p.Name)] : []
            : [.. Request.Inputs.Select(i => i.Name)];

    /// <summary>Where a row is, for messages: <c>instances[2]</c>, or <c>row 2</c> of v2 inputs.</summary>
    public string RowName(int row) => V1Rows is not null ? $"instances[{row}]" : string.Create(CultureInfo.InvariantCulture, $"row {row}");

    /// <inheritdoc />
    public void Dispose()
    {
        Images = [];
        foreach (var document in _instances)
        {
            document?.Dispose();
        }
    }

    private JsonElement Instance(int row)
    {
        if (_instances[row] is null)
        {
            _instances[row] = JsonDocument.Parse(_rows[row]);
        }

        return _instances[row]!.RootElement;
    }

    private InferenceTensor FindInput(string field) =>
        Request.FindInput(field) ?? throw InferenceException.BadRequest(
            $"input '{field}' is missing; model '{ModelName}' reads it (the request has: {(Request.Inputs.Count == 0 ? "no inputs" : string.Join(", ", Request.Inputs.Select(i => i.Name)))})");

    private static long RowsOf(InferenceTensor tensor) => tensor.Shape.Length == 0 ? 1 : tensor.Shape[0];

    private static ClientValue[] ReadTensor(InferenceTensor tensor)
    {
        var rows = RowsOf(tensor);
        if (rows != tensor.ElementCount)
        {
            throw InferenceException.BadRequest(
                $"input '{tensor.Name}': shape {TensorShape.Format(tensor.Shape)} holds {tensor.ElementCount} values for {rows} rows; send one value per row ([{rows}] or [{rows},1])");
        }

        var values = new ClientValue[rows];
        if (tensor.DataType == TensorDataType.Bytes)
        {
            var i = 0;
            foreach (var element in BytesElements.Enumerate(tensor.Data))
            {
                values[i] = ClientValue.FromBytes($"input '{tensor.Name}' [{i}]", element);
                i++;
            }

            return values;
        }

        var numbers = tensor.ToDoubles();
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ClientValue.FromNumber($"input '{tensor.Name}' [{i}]", numbers[i]);
        }

        return values;
    }
}
