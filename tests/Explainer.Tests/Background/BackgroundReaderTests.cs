using System.Text;
using Modelplane.Explainer.Background;

namespace Modelplane.Explainer.Tests.Background;

public sealed class BackgroundReaderTests
{
    [Fact]
    public void Csv_with_a_header_gives_the_feature_names_and_the_rows()
    {
        var data = BackgroundReader.ReadCsv("background.csv", "a,b\r\n1.5,-2\n\n3e2, 0.25\n");

        Assert.Equal(["a", "b"], data.FeatureNames);
        Assert.Equal([[1.5, -2.0], [300.0, 0.25]], data.Rows);
        Assert.Equal(2, data.Width);
    }

    [Fact]
    public void Csv_without_a_header_is_all_rows()
    {
        var data = BackgroundReader.ReadCsv("background.csv", "1,2,3\n4,5,6\n");

        Assert.Null(data.FeatureNames);
        Assert.Equal(2, data.Rows.Length);
    }

    [Fact]
    public void Json_is_an_array_of_rows()
    {
        var data = BackgroundReader.ReadJson("background.json", Encoding.UTF8.GetBytes("[[1, 2.5], [3, 4]]"));

        Assert.Null(data.FeatureNames);
        Assert.Equal([[1.0, 2.5], [3.0, 4.0]], data.Rows);
    }

    [Theory]
    [InlineData("a,b\n", "background.csv: no rows of background data")]
    [InlineData("a,b\n1,2\n3\n", "background.csv line 3: 1 values, but the header names 2")]
    [InlineData("1,2\n3,4,5\n", "background.csv line 2: 3 values, but the first row has 2")]
    [InlineData("a,b\n1,x\n", "background.csv line 2: 'x' is not a number")]
    [InlineData("1,two\n", "background.csv line 1: 'two' is not a number")]
    [InlineData("a,b\n1,NaN\n", "background.csv line 2: 'NaN' is not a number")]
    public void Bad_csv_is_refused_naming_the_line_and_the_value(string text, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => BackgroundReader.ReadCsv("background.csv", text));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("{}", "background.json: expected a non-empty array of rows, each an array of numbers")]
    [InlineData("[[1, 2], [3]]", "background.json: row 1 has 1 values, row 0 has 2")]
    [InlineData("[[1, \"x\"]]", "background.json: row 0: \"x\" is not a number")]
    [InlineData("[1, 2]", "background.json: row 0 is not an array of numbers")]
    [InlineData("[[1, 2]", "background.json (line 1): not valid JSON")]
    public void Bad_json_is_refused_naming_the_row(string text, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => BackgroundReader.ReadJson("background.json", Encoding.UTF8.GetBytes(text)));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void The_file_beside_config_json_is_found_else_the_one_in_the_version_directory()
    {
        using var model = new TemporaryDirectory();
        Directory.CreateDirectory(model.Combine("1"));
        File.WriteAllText(model.Combine("1", "background.json"), "[[7]]");

        Assert.Equal([[7.0]], BackgroundReader.Load(model.FullPath, model.Combine("1"), null, "Explainer:Models:m:Background")!.Rows);

        File.WriteAllText(model.Combine("background.csv"), "8\n");
        Assert.Equal([[8.0]], BackgroundReader.Load(model.FullPath, model.Combine("1"), null, "Explainer:Models:m:Background")!.Rows);
    }

    [Fact]
    public void No_file_is_no_background_but_a_configured_file_must_be_there()
    {
        using var model = new TemporaryDirectory();

        Assert.Null(BackgroundReader.Load(model.FullPath, model.FullPath, null, "Explainer:Models:m:Background"));
        var error = Assert.Throws<InvalidDataException>(() => BackgroundReader.Load(model.FullPath, model.FullPath, "data/bg.csv", "Explainer:Models:m:Background"));
        Assert.Equal($"Explainer:Models:m:Background names 'data/bg.csv', but {model.Combine("data", "bg.csv")} does not exist", error.Message);
    }

    [Fact]
    public void Two_default_files_are_one_too_many()
    {
        using var model = new TemporaryDirectory();
        File.WriteAllText(model.Combine("background.csv"), "1\n");
        File.WriteAllText(model.Combine("background.json"), "[[1]]");

        var error = Assert.Throws<InvalidDataException>(() => BackgroundReader.Load(model.FullPath, model.FullPath, null, "Explainer:Models:m:Background"));

        Assert.Equal($"{model.FullPath} holds both background.csv and background.json; keep the one to explain against", error.Message);
    }
}
