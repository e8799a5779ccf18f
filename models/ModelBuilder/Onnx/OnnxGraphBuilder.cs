using System.Buffers.Binary;
using Google.Protobuf;
using DataType = Modelplane.ModelBuilder.Onnx.TensorProto.Types.DataType;

namespace Modelplane.ModelBuilder.Onnx;

/// <summary>Assembles a single-graph ONNX model and writes it as a byte-for-byte reproducible .onnx file.</summary>
internal sealed class OnnxGraphBuilder
{
    public const string ProducerName = "Modelplane.ModelBuilder";

    private readonly string _graphName;
    private readonly List<ValueInfoProto> _inputs = [];
    private readonly List<ValueInfoProto> _outputs = [];
    private readonly List<TensorProto> _initializers = [];
    private readonly List<NodeProto> _nodes = [];
    private readonly List<StringStringEntryProto> _metadata = [];

    // Every value a node or graph output may consume: graph inputs, initializers and node outputs.
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string graphName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        _graphName = graphName;
    }

    /// <summary>Gets the version of the default ("ai.onnx") operator set the graph's nodes bind to.</summary>
    public long OpsetVersion { get; init; } = 17;

    /// <summary>Gets the ONNX IR version written into the model; 8 is what opset 17 was released with.</summary>
    public long IrVersion { get; init; } = 8;

    public string DocString { get; init; } = "";

    public OnnxGraphBuilder AddInput(string name, DataType elementType, IReadOnlyList<TensorDimension> shape)
    {
        var input = ValueInfo(name, elementType, shape);
        Define(name);
        _inputs.Add(input);
        return this;
    }

    /// <summary>Declares a graph output; outputs are listed in the order they are added.</summary>
    public OnnxGraphBuilder AddOutput(string name, DataType elementType, IReadOnlyList<TensorDimension> shape)
    {
        var output = ValueInfo(name, elementType, shape);
        if (_outputs.Any(existing => existing.Name == name))
        {
            throw new ArgumentException($"The graph already has an output '{name}'.", nameof(name));
        }

        _outputs.Add(output);
        return this;
    }

    // ONNX's raw_data is little-endian whatever the machine; writing it element by element keeps files identical everywhere.
    public OnnxGraphBuilder AddInitializer(string name, IReadOnlyList<long> dims, ReadOnlySpan<float> values)
    {
        var raw = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        return AddInitializer(name, DataType.Float, dims, values.Length, raw);
    }

    public OnnxGraphBuilder AddInitializer(string name, IReadOnlyList<long> dims, ReadOnlySpan<long> values)
    {
        var raw = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }

        return AddInitializer(name, DataType.Int64, dims, values.Length, raw);
    }

    /// <summary>Adds a node of the default operator set; nodes must be added in topological order.</summary>
    public OnnxNodeBuilder AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var node = new NodeProto
        {
            OpType = opType,
            Name = name ?? $"{opType}_{_nodes.Count}",
        };

        // ONNX writes an omitted optional input as "".
        foreach (var input in inputs)
        {
            if (input.Length > 0 && !_values.Contains(input))
            {
                throw new ArgumentException(
                    $"Node '{node.Name}' reads '{input}', which is neither a graph input, an initializer nor the output of an earlier node.",
                    nameof(inputs));
            }
        }

        // Checked before any is defined, so a rejected node leaves the graph as it was.
        foreach (var output in outputs)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(output, nameof(outputs));
            if (_values.Contains(output) || outputs.Count(other => other == output) > 1)
            {
                throw new ArgumentException($"Node '{node.Name}' writes '{output}', but the graph already has a value of that name.", nameof(outputs));
            }
        }

        foreach (var output in outputs)
        {
            Define(output);
        }

        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        _nodes.Add(node);
        return new OnnxNodeBuilder(node);
    }

    public OnnxGraphBuilder AddMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        if (_metadata.Any(entry => entry.Key == key))
        {
            throw new ArgumentException($"The model already has a metadata entry '{key}'.", nameof(key));
        }

        _metadata.Add(new StringStringEntryProto { Key = key, Value = value });
        return this;
    }

    public ModelProto Build()
    {
        foreach (var output in _outputs)
        {
            if (!_values.Contains(output.Name))
            {
                throw new InvalidOperationException(
                    $"Graph output '{output.Name}' is neither a graph input, an initializer nor the output of a node.");
            }
        }

        // Clones keep the builder reusable and the returned model independent of later additions.
        var graph = new GraphProto { Name = _graphName };
        graph.Input.AddRange(_inputs.Select(value => value.Clone()));
        graph.Output.AddRange(_outputs.Select(value => value.Clone()));
        graph.Initializer.AddRange(_initializers.Select(tensor => tensor.Clone()));
        graph.Node.AddRange(_nodes.Select(node => node.Clone()));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            DocString = DocString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        model.MetadataProps.AddRange(_metadata.Select(entry => entry.Clone()));
        return model;
    }

    public byte[] ToBytes() => Build().ToByteArray();

    /// <summary>Writes the model to <paramref name="path"/>, creating its directory; equal graphs give equal files.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = ToBytes();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllBytes(path, bytes);
    }

    private static ValueInfoProto ValueInfo(string name, DataType elementType, IReadOnlyList<TensorDimension> shape)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(shape);
        var tensorShape = new TensorShapeProto();
        foreach (var dimension in shape)
        {
            var dim = new TensorShapeProto.Types.Dimension();
            if (dimension.Symbol is { } symbol)
            {
                dim.DimParam = symbol;
            }
            else if (dimension.Size is { } size)
            {
                dim.DimValue = size;
            }

            tensorShape.Dim.Add(dim);
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = tensorShape },
            },
        };
    }

    private OnnxGraphBuilder AddInitializer(string name, DataType elementType, IReadOnlyList<long> dims, int count, byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(dims);
        var expected = dims.Aggregate(1L, (product, dim) => product * dim);
        if (expected != count)
        {
            throw new ArgumentException(
                $"Initializer '{name}' has shape [{string.Join(", ", dims)}], which holds {expected} elements, but {count} values were given.",
                nameof(dims));
        }

        Define(name);
        var tensor = new TensorProto { Name = name, DataType = (int)elementType, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        _initializers.Add(tensor);
        return this;
    }

    private void Define(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_values.Add(name))
        {
            throw new ArgumentException($"The graph already has a value named '{name}'.", nameof(name));
        }
    }
}
