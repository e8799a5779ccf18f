using Modelplane.ModelBuilder.Data;

namespace Modelplane.ModelBuilder.Tests.Data;

public sealed class ClassificationCsvReaderTests
{
    private static readonly string[] FeatureNames = ["a", "b"];
    private static readonly string[] ClassNames = ["cat", "dog"];

    [Fact]
    public void Reads_features_and_maps_labels_to_the_given_class_order()
    {
        var data = Read("a,b,kind\r\n1.5,-2,dog\r\n\r\n3e2,0.25,cat\r\n");

        Assert.Equal(2, data.Count);
        Assert.Equal([1.5, -2.0], data.Features[0]);
        Assert.Equal([300.0, 0.25], data.Features[1]);
        Assert.Equal([1, 0], data.Labels);
        Assert.Equal(FeatureNames, data.FeatureNames);
        Assert.Equal(ClassNames, data.ClassNames);
    }

    [Theory]
    [InlineData("", "data.csv: the file is empty; expected the header 'a,b,kind'.")]
    [InlineData("a,b\n1,2\n", "data.csv line 1: expected the header 'a,b,kind', found 'a,b'.")]
    [InlineData("a,b,kind\n", "data.csv: the file has a header but no rows.")]
    [InlineData("a,b,kind\n1,2,cat\n1,cat\n", "data.csv line 3: expected 3 comma-separated values, found 2.")]
    [InlineData("a,b,kind\n1,x,cat\n", "data.csv line 2: b 'x' is not a finite number.")]
    [InlineData("a,b,kind\n1,NaN,cat\n", "data.csv line 2: b 'NaN' is not a finite number.")]
    [InlineData("a,b,kind\n1,2,Cat\n", "data.csv line 2: kind 'Cat' is not one of cat, dog.")]
    public void Malformed_input_is_rejected_with_the_line_and_the_problem(string text, string message)
    {
        var exception = Assert.Throws<InvalidDataException>(() => Read(text));

        Assert.Equal(message, exception.Message);
    }

    private static ClassificationDataset Read(string text)
    {
        using var reader = new StringReader(text);
        return ClassificationCsvReader.Read(reader, "data.csv", FeatureNames, "kind", ClassNames);
    }
}
