using System.Text;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Models;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.V2;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Tests.Models;

/// <summary>The classification extension: an output asked for with <c>classification: k</c> comes back as its top k "score:index:label" strings.</summary>
public sealed class ClassificationTests
{
    private const string TwoRows = """{"name": "input", "datatype": "FP32", "shape": [2, 4], "data": [1, 2, 3, 4, 5, 6, 7, 8]}""";

    private static readonly float[] Scores = [0.1f, 0.7f, 0.2f, 0.5f, 0.5f, 0f];

    [Fact]
    public async Task Top_k_strings_carry_score_index_and_label()
    {
        var model = await ScoringModelAsync(TestModel.IrisLabels);

        var output = await ClassifyAsync(model, """{"name": "probabilities", "parameters": {"classification": 2}}""");

        Assert.Equal(TensorDataType.Bytes, output.DataType);
        Assert.Equal([2, 2], output.Shape);
        Assert.Equal(["0.7:1:versicolor", "0.2:2:virginica", "0.5:0:setosa", "0.5:1:versicolor"], Strings(output));
    }

    [Fact]
    public async Task Without_labels_the_strings_are_score_and_index()
    {
        var model = await ScoringModelAsync(labels: null);

        var output = await ClassifyAsync(model, """{"name": "probabilities", "parameters": {"classification": 1}}""");

        Assert.Equal([2, 1], output.Shape);
        Assert.Equal(["0.7:1", "0.5:0"], Strings(output));
    }

    [Fact]
    public async Task Classes_beyond_the_labels_have_no_label()
    {
        var model = await ScoringModelAsync(labels: ["setosa"]);

        var output = await ClassifyAsync(model, """{"name": "probabilities", "parameters": {"classification": 2}}""");

        Assert.Equal(["0.7:1", "0.2:2", "0.5:0:setosa", "0.5:1"], Strings(output));
    }

    [Fact]
    public async Task K_over_the_class_count_is_clamped_to_it()
    {
        var model = await ScoringModelAsync(TestModel.IrisLabels);

        var output = await ClassifyAsync(model, """{"name": "probabilities", "parameters": {"classification": 10}}""");

        Assert.Equal([2, 3], output.Shape);
        Assert.Equal(["0.7:1:versicolor", "0.2:2:virginica", "0.1:0:setosa", "0.5:0:setosa", "0.5:1:versicolor", "0:2:virginica"], Strings(output));
    }

    [Fact]
    public async Task Ties_are_broken_by_the_lower_index()
    {
        const int Classes = 40;
        var scores = Enumerable.Range(0, Classes).Select(i => i % 3 == 0 ? 0.5f : 0.25f).ToArray();
        var model = await TestModel.LoadedAsync(
            outputs: [new TensorMetadata("scores", TensorDataType.FP32, [-1, Classes])],
            predict: _ => [InferenceTensor.FromValues<float>("scores", TensorDataType.FP32, [1, Classes], scores)]);

        var output = await ClassifyAsync(model, $$$"""{"name": "scores", "parameters": {"classification": {{{Classes}}}}}""", rows: 1);

        var expected = Enumerable.Range(0, Classes).Where(i => i % 3 == 0).Select(i => $"0.5:{i}")
            .Concat(Enumerable.Range(0, Classes).Where(i => i % 3 != 0).Select(i => $"0.25:{i}"));
        Assert.Equal(expected, Strings(output));
    }

    [Fact]
    public async Task Integer_scores_are_written_as_integers()
    {
        var model = await TestModel.LoadedAsync(
            outputs: [new TensorMetadata("votes", TensorDataType.Int32, [-1, 3])],
            labels: TestModel.IrisLabels,
            predict: _ => [InferenceTensor.FromValues<int>("votes", TensorDataType.Int32, [1, 3], [3, 9, 1])]);

        var output = await ClassifyAsync(model, """{"name": "votes", "parameters": {"classification": 2}}""", rows: 1);

        Assert.Equal(["9:1:versicolor", "3:0:setosa"], Strings(output));
    }

    [Fact]
    public async Task Outputs_asked_for_without_classification_are_unchanged()
    {
        var model = await TestModel.LoadedAsync(labels: TestModel.IrisLabels);

        var response = await model.InferAsync(
            Read($$$"""{"inputs": [{{{TwoRows}}}], "outputs": [{"name": "label"}, {"name": "probabilities", "parameters": {"classification": 1}}]}"""),
            CancellationToken.None);

        Assert.Equal(TensorDataType.Int64, response.Outputs[0].DataType);
        Assert.Equal([1L, 1], response.Outputs[0].AsSpan<long>().ToArray());
        Assert.Equal(["0.7:1:versicolor", "0.7:1:versicolor"], Strings(response.Outputs[1]));
    }

    [Fact]
    public async Task Classifying_a_text_output_is_a_bad_request()
    {
        var model = await TestModel.LoadedAsync(
            outputs: [new TensorMetadata("species", TensorDataType.Bytes, [-1])],
            predict: _ => [InferenceTensor.FromStrings("species", [2], ["setosa", "virginica"])]);

        var error = await Assert.ThrowsAsync<InferenceException>(async () =>
            await ClassifyAsync(model, """{"name": "species", "parameters": {"classification": 1}}"""));

        Assert.Equal(InferenceErrorKind.BadRequest, error.Kind);
        Assert.Contains("output 'species': classification needs a numeric output with a class dimension", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(3L, 3)]
    [InlineData(2147483647L, int.MaxValue)]
    public void RequestedTopK_reads_the_parameter(long? k, int expected)
    {
        var parameters = k is { } value ? new InferenceParameters().Set("classification", value) : new InferenceParameters().Set("binary_data", true);

        Assert.Equal(expected, Classification.RequestedTopK(new RequestedOutput("probabilities", parameters)));
        Assert.Equal(0, Classification.RequestedTopK(new RequestedOutput("probabilities")));
    }

    private static Task<TestModel> ScoringModelAsync(IReadOnlyList<string>? labels) => TestModel.LoadedAsync(
        labels: labels,
        predict: _ => [InferenceTensor.FromValues<float>("probabilities", TensorDataType.FP32, [2, 3], Scores)]);

    private static async Task<InferenceTensor> ClassifyAsync(TestModel model, string output, int rows = 2)
    {
        var data = string.Join(", ", Enumerable.Repeat("1, 2, 3, 4", rows));
        var request = Read($$$"""{"inputs": [{"name": "input", "datatype": "FP32", "shape": [{{{rows}}}, 4], "data": [{{{data}}}]}], "outputs": [{{{output}}}]}""");
        var response = await model.InferAsync(request, CancellationToken.None);
        return Assert.Single(response.Outputs);
    }

    private static InferenceRequest Read(string json) => V2JsonCodec.ReadRequest(Encoding.UTF8.GetBytes(json));

    private static List<string> Strings(InferenceTensor tensor) =>
        [.. BytesElements.Enumerate(tensor.Data).Select(e => Encoding.UTF8.GetString(e.Span))];
}
