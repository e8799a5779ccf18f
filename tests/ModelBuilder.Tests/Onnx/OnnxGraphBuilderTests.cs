using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Modelplane.ModelBuilder.Onnx;
using DataType = Modelplane.ModelBuilder.Onnx.TensorProto.Types.DataType;

namespace Modelplane.ModelBuilder.Tests.Onnx;

public sealed class OnnxGraphBuilderTests
{
    [Fact]
    public void Written_graph_loads_in_onnx_runtime_with_the_declared_signature()
    {
        using var session = new InferenceSession(AddOffsetGraph().ToBytes());

        Assert.Equal(["x"], session.InputNames);
        var x = session.InputMetadata["x"];
        Assert.Equal(TensorElementType.Float, x.ElementDataType);
        Assert.Equal([-1, 3], x.Dimensions);
        Assert.Equal("batch", x.SymbolicDimensions[0]);

        Assert.Equal(["y", "ids"], session.OutputNames);
        var y = session.OutputMetadata["y"];
        Assert.Equal(TensorElementType.Float, y.ElementDataType);
        Assert.Equal([-1, 3], y.Dimensions);
        Assert.Equal("batch", y.SymbolicDimensions[0]);
        var ids = session.OutputMetadata["ids"];
        Assert.Equal(TensorElementType.Int64, ids.ElementDataType);
        Assert.Equal([2], ids.Dimensions);
    }

    [Fact]
    public void Written_graph_computes_in_onnx_runtime()
    {
        using var session = new InferenceSession(AddOffsetGraph().ToBytes());
        using var x = OrtValue.CreateTensorValueFromMemory(new float[] { 1, 2, 3, -1, -2, -3 }, [2, 3]);
        using var runOptions = new RunOptions();

        using var results = session.Run(runOptions, new Dictionary<string, OrtValue> { ["x"] = x }, session.OutputNames);

        Assert.Equal([2, 3], results[0].GetTensorTypeAndShape().Shape);
        Assert.Equal([1.5f, 2f, 3.25f, -0.5f, -2f, -2.75f], results[0].GetTensorDataAsSpan<float>().ToArray());
        Assert.Equal([7L, -9L], results[1].GetTensorDataAsSpan<long>().ToArray());
    }

    [Fact]
    public void Every_attribute_kind_reaches_onnx_runtime()
    {
        var graph = new OnnxGraphBuilder("attributes");
        graph.AddInput("x", DataType.Float, [2, 3])
            .AddInitializer("pads", [4], [0L, 1L, 0L, 1L]);
        graph.AddNode("Transpose", ["x"], ["transposed"]).WithAttribute("perm", [1L, 0L]);
        graph.AddNode("LeakyRelu", ["transposed"], ["leaky"]).WithAttribute("alpha", 0.5f);
        graph.AddNode("Pad", ["leaky", "pads"], ["padded"]).WithAttribute("mode", "edge");
        graph.AddNode("Constant", [], ["floats"]).WithAttribute("value_floats", [1.5f, -2f]);
        graph.AddNode("Constant", [], ["seven"]).WithAttribute("value_int", 7);
        graph.AddOutput("padded", DataType.Float, [3, 4])
            .AddOutput("floats", DataType.Float, [2])
            .AddOutput("seven", DataType.Int64, []);
        using var session = new InferenceSession(graph.ToBytes());
        using var x = OrtValue.CreateTensorValueFromMemory(new float[] { 1, -2, 3, -4, 5, -6 }, [2, 3]);
        using var runOptions = new RunOptions();

        using var results = session.Run(runOptions, new Dictionary<string, OrtValue> { ["x"] = x }, session.OutputNames);

        // Transposed to [[1, -4], [-2, 5], [3, -6]], negatives halved, then each row's edge value repeated once on both sides.
        Assert.Equal([3, 4], results[0].GetTensorTypeAndShape().Shape);
        Assert.Equal([1f, 1f, -2f, -2f, -1f, -1f, 5f, 5f, 3f, 3f, -3f, -3f], results[0].GetTensorDataAsSpan<float>().ToArray());
        Assert.Equal([1.5f, -2f], results[1].GetTensorDataAsSpan<float>().ToArray());
        Assert.Equal([7L], results[2].GetTensorDataAsSpan<long>().ToArray());
    }

    [Fact]
    public void Model_carries_producer_doc_string_graph_name_and_metadata_to_onnx_runtime()
    {
        var graph = AddOffsetGraph();

        using var session = new InferenceSession(graph.ToBytes());

        var metadata = session.ModelMetadata;
        Assert.Equal("Modelplane.ModelBuilder", metadata.ProducerName);
        Assert.Equal("Adds a fixed offset.", metadata.Description);
        Assert.Equal("add-offset", metadata.GraphName);
        Assert.Equal(new Dictionary<string, string> { ["purpose"] = "test", ["owner"] = "modelbuilder" }, metadata.CustomMetadataMap);
    }

    [Fact]
    public void Model_imports_opset_17_at_ir_version_8_unless_told_otherwise()
    {
        var defaults = ModelProto.Parser.ParseFrom(AddOffsetGraph().ToBytes());
        var custom = new OnnxGraphBuilder("custom") { OpsetVersion = 13, IrVersion = 7 }.Build();

        Assert.Equal(8, defaults.IrVersion);
        var opset = Assert.Single(defaults.OpsetImport);
        Assert.Equal("", opset.Domain);
        Assert.Equal(17, opset.Version);
        Assert.Equal(7, custom.IrVersion);
        Assert.Equal(13, Assert.Single(custom.OpsetImport).Version);
    }

    [Fact]
    public void Attributes_carry_their_type_discriminator()
    {
        var graph = new OnnxGraphBuilder("attributes");
        graph.AddNode("Op", [], ["out"])
            .WithAttribute("i", 3)
            .WithAttribute("f", 0.25f)
            .WithAttribute("s", "héllo")
            .WithAttribute("ints", [1, 2])
            .WithAttribute("floats", [0.5f]);

        var attributes = graph.Build().Graph.Node.Single().Attribute;

        Assert.Equal(["i", "f", "s", "ints", "floats"], attributes.Select(attribute => attribute.Name));
        Assert.Equal(
            [AttributeProto.Types.AttributeType.Int, AttributeProto.Types.AttributeType.Float, AttributeProto.Types.AttributeType.String,
             AttributeProto.Types.AttributeType.Ints, AttributeProto.Types.AttributeType.Floats],
            attributes.Select(attribute => attribute.Type));
        Assert.Equal(3, attributes[0].I);
        Assert.Equal(0.25f, attributes[1].F);
        Assert.Equal("héllo", attributes[2].S.ToStringUtf8());
        Assert.Equal([1L, 2L], attributes[3].Ints);
        Assert.Equal([0.5f], attributes[4].Floats);
    }

    [Fact]
    public void Zero_and_empty_attribute_values_are_still_written()
    {
        var graph = new OnnxGraphBuilder("zeros");
        graph.AddNode("Op", [], ["out"]).WithAttribute("i", 0).WithAttribute("f", 0f).WithAttribute("s", "");

        var attributes = ModelProto.Parser.ParseFrom(graph.ToBytes()).Graph.Node.Single().Attribute;

        Assert.True(attributes[0].HasI);
        Assert.True(attributes[1].HasF);
        Assert.True(attributes[2].HasS);
    }

    [Fact]
    public void Building_the_same_graph_twice_gives_identical_bytes()
    {
        Assert.Equal(AddOffsetGraph().ToBytes(), AddOffsetGraph().ToBytes());
    }

    [Fact]
    public void Save_writes_the_built_bytes_and_creates_the_directory()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.FullPath, "add-offset", "1", "model.onnx");
        var graph = AddOffsetGraph();

        graph.Save(path);

        Assert.Equal(graph.ToBytes(), File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("duplicate input", "already has a value named 'x'")]
    [InlineData("initializer named like an input", "already has a value named 'x'")]
    [InlineData("node output named like an initializer", "writes 'offset', but the graph already has a value of that name")]
    [InlineData("node reading an unknown value", "reads 'missing', which is neither a graph input, an initializer nor the output of an earlier node")]
    [InlineData("initializer of the wrong size", "has shape [2, 2], which holds 4 elements, but 3 values were given")]
    [InlineData("duplicate output", "already has an output 'y'")]
    [InlineData("duplicate attribute", "already has an attribute 'axis'")]
    [InlineData("duplicate metadata key", "already has a metadata entry 'purpose'")]
    public void Invalid_additions_are_rejected_with_a_message_naming_the_value(string change, string message)
    {
        var graph = AddOffsetGraph();

        var exception = Assert.Throws<ArgumentException>(() => InvalidChanges[change](graph));

        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejected_node_leaves_the_graph_unchanged()
    {
        var graph = AddOffsetGraph();

        Assert.Throws<ArgumentException>(() => graph.AddNode("Identity", ["x"], ["fresh", "offset"]));

        graph.AddNode("Identity", ["x"], ["fresh"]);
        Assert.Equal(["Add_0", "Identity_1", "Identity_2"], graph.Build().Graph.Node.Select(node => node.Name));
    }

    [Fact]
    public void An_output_nothing_produces_fails_the_build()
    {
        var graph = AddOffsetGraph().AddOutput("orphan", DataType.Float, [1]);

        var exception = Assert.Throws<InvalidOperationException>(graph.Build);

        Assert.Contains("Graph output 'orphan'", exception.Message, StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, Action<OnnxGraphBuilder>> InvalidChanges = new()
    {
        ["duplicate input"] = graph => graph.AddInput("x", DataType.Float, [1]),
        ["initializer named like an input"] = graph => graph.AddInitializer("x", [1], [1f]),
        ["node output named like an initializer"] = graph => graph.AddNode("Identity", ["x"], ["offset"]),
        ["node reading an unknown value"] = graph => graph.AddNode("Identity", ["missing"], ["out"]),
        ["initializer of the wrong size"] = graph => graph.AddInitializer("w", [2, 2], [1f, 2f, 3f]),
        ["duplicate output"] = graph => graph.AddOutput("y", DataType.Float, [1]),
        ["duplicate attribute"] = graph => graph.AddNode("Softmax", ["y"], ["p"]).WithAttribute("axis", 1).WithAttribute("axis", 0),
        ["duplicate metadata key"] = graph => graph.AddMetadata("purpose", "again"),
    };

    // y = x + [0.5, 0, 0.25] over a symbolic batch, plus a constant int64 output straight from an initializer.
    private static OnnxGraphBuilder AddOffsetGraph()
    {
        var graph = new OnnxGraphBuilder("add-offset") { DocString = "Adds a fixed offset." };
        graph.AddInput("x", DataType.Float, ["batch", 3])
            .AddInitializer("offset", [3], [0.5f, 0f, 0.25f])
            .AddInitializer("constant_ids", [2], [7L, -9L]);
        graph.AddNode("Add", ["x", "offset"], ["y"]);
        graph.AddNode("Identity", ["constant_ids"], ["ids"]);
        graph.AddOutput("y", DataType.Float, ["batch", 3])
            .AddOutput("ids", DataType.Int64, [2])
            .AddMetadata("purpose", "test")
            .AddMetadata("owner", "modelbuilder");
        return graph;
    }
}
