using System.Text;
using Google.Protobuf;
using AttributeType = Modelplane.ModelBuilder.Onnx.AttributeProto.Types.AttributeType;

namespace Modelplane.ModelBuilder.Onnx;

/// <summary>A node added through <see cref="OnnxGraphBuilder.AddNode"/>, to which attributes are attached.</summary>
internal sealed class OnnxNodeBuilder
{
    private readonly NodeProto _node;

    internal OnnxNodeBuilder(NodeProto node) => _node = node;

    public OnnxNodeBuilder WithAttribute(string name, long value) =>
        Add(name, AttributeType.Int, attribute => attribute.I = value);

    public OnnxNodeBuilder WithAttribute(string name, float value) =>
        Add(name, AttributeType.Float, attribute => attribute.F = value);

    public OnnxNodeBuilder WithAttribute(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(name, AttributeType.String, attribute => attribute.S = ByteString.CopyFrom(Encoding.UTF8.GetBytes(value)));
    }

    public OnnxNodeBuilder WithAttribute(string name, IEnumerable<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Add(name, AttributeType.Ints, attribute => attribute.Ints.AddRange(values));
    }

    public OnnxNodeBuilder WithAttribute(string name, IEnumerable<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Add(name, AttributeType.Floats, attribute => attribute.Floats.AddRange(values));
    }

    private OnnxNodeBuilder Add(string name, AttributeType type, Action<AttributeProto> setValue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_node.Attribute.Any(existing => existing.Name == name))
        {
            throw new ArgumentException($"Node '{_node.Name}' already has an attribute '{name}'.", nameof(name));
        }

        // ONNX requires the type discriminator alongside the value (IR version 2 and later).
        var attribute = new AttributeProto { Name = name, Type = type };
        setValue(attribute);
        _node.Attribute.Add(attribute);
        return this;
    }
}
