using System.Text.Json;
using Modelplane.Serving.Graphs;

namespace Modelplane.Serving.Tests.Graphs;

/// <summary>The GJSON subset of InferenceGraph conditions, against gjson's README examples and KServe's existence test.</summary>
public sealed class GjsonPathTests
{
    // gjson's README document.
    private const string Readme = """
        {
          "name": {"first": "Tom", "last": "Anderson"},
          "age":37,
          "children": ["Sara","Alex","Jack"],
          "fav.movie": "Deer Hunter",
          "friends": [
            {"first": "Dale", "last": "Murphy", "age": 44, "nets": ["ig", "fb", "tw"]},
            {"first": "Roger", "last": "Craig", "age": 68, "nets": ["fb", "tw"]},
            {"first": "Jane", "last": "Murphy", "age": 47, "nets": ["ig", "tw"]}
          ]
        }
        """;

    public static TheoryData<string, string> ReadmeExamples => new()
    {
        { "name.last", "\"Anderson\"" },
        { "age", "37" },
        { "children", """["Sara","Alex","Jack"]""" },
        { "children.#", "3" },
        { "children.1", "\"Alex\"" },
        { @"fav\.movie", "\"Deer Hunter\"" },
        { "friends.#.first", """["Dale","Roger","Jane"]""" },
        { "friends.1.last", "\"Craig\"" },
        { "friends.#(last==\"Murphy\").first", "\"Dale\"" },
        { "friends.#(last==\"Murphy\")#.first", """["Dale","Jane"]""" },
        { "friends.#(age>45)#.last", """["Craig","Murphy"]""" },
        { "friends.#(first%\"D*\").last", "\"Murphy\"" },
        { "friends.#(first!%\"D*\").last", "\"Craig\"" },
        { "friends.#(nets.#(==\"fb\"))#.first", """["Dale","Roger"]""" },
    };

    public static TheoryData<string, string> Comparisons => new()
    {
        // Each operator on numbers, strings and booleans, as gjson's queryMatches compares by the found value's type.
        { "friends.#(age==47).first", "\"Jane\"" },
        { "friends.#(age=47).first", "\"Jane\"" },
        { "friends.#(age==\"47\").first", "\"Jane\"" },
        { "friends.#(age!=44).first", "\"Roger\"" },
        { "friends.#(age<45).first", "\"Dale\"" },
        { "friends.#(age<=47)#.first", """["Dale","Jane"]""" },
        { "friends.#(age>=68).first", "\"Roger\"" },
        { "friends.#(first>\"Jane\").first", "\"Roger\"" },
        { "friends.#(first<=\"Dale\").first", "\"Dale\"" },
        { "friends.#(first=Jane).age", "47" },
        { "friends.#(first%\"?an?\").first", "\"Jane\"" },
        { "friends.#(nets)#.first", """["Dale","Roger","Jane"]""" },
        { "flags.#(on==true).id", "2" },
        { "flags.#(on!=true).id", "1" },
        { "flags.#(on<true).id", "1" },
        { "flags.#(on>false).id", "2" },
        { "instances.0.x", "1.5" },
        { "instances.#(x>1)#", "[{\"x\":1.5}]" },
        { "instances.#(x>9)#", "[]" },
        { "instances.#(x>9)", "" },
        { "instances.5", "" },
        { "name.0", "" },
        { "children.first", "" },
        { "age.#", "" },
        { "nothing", "" },
        { "nil", "null" },
    };

    [Theory]
    [MemberData(nameof(ReadmeExamples))]
    [MemberData(nameof(Comparisons))]
    public void A_path_selects_what_gjson_selects(string path, string expected)
    {
        using var document = JsonDocument.Parse(Readme.TrimEnd().TrimEnd('}') + """
            , "flags": [{"id": 1, "on": false}, {"id": 2, "on": true}], "instances": [{"x": 1.5}], "nil": null }
            """);
        Assert.True(GjsonPath.TryParse(path, out var parsed, out var error), error);

        var found = parsed.Get(document.RootElement);

        Assert.Equal(expected, found is { } value ? JsonSerializer.Serialize(value) : string.Empty);
        Assert.Equal(expected.Length > 0, parsed.Matches(document.RootElement));
    }

    [Theory]
    [InlineData("predictions.class", """{"predictions": {"class": "dog"}}""", true)]
    [InlineData("predictions.class", """{"predictions": [{"class": "dog"}]}""", false)]
    [InlineData("predictions.#(class==\"dog\")", """{"predictions": [{"class": "cat"}, {"class": "dog"}]}""", true)]
    [InlineData("predictions.#(class==\"dog\")", """{"predictions": [{"class": "cat"}]}""", false)]
    [InlineData("predictions.#(class==\"dog\")#", """{"predictions": [{"class": "cat"}]}""", true)]
    [InlineData("instances.#(intent==\"billing\")", """{"instances": [{"intent": "billing"}]}""", true)]
    public void A_condition_matches_when_its_result_exists_as_KServe_tests_it(string condition, string json, bool matches)
    {
        using var document = JsonDocument.Parse(json);
        Assert.True(GjsonPath.TryParse(condition, out var parsed, out var error), error);

        Assert.Equal(matches, parsed.Matches(document.RootElement));
    }

    [Theory]
    [InlineData("children|@reverse", "the pipe | is not supported")]
    [InlineData("children.@reverse", "the modifier @reverse is not supported")]
    [InlineData("@this", "the modifier @this is not supported")]
    [InlineData("[name.first,age]", "the multipath [...] is not supported")]
    [InlineData("{name.first,age}", "the multipath {...} is not supported")]
    [InlineData("child*.2", "the wildcard * in a key is not supported")]
    [InlineData("c?ildren.0", "the wildcard ? in a key is not supported")]
    [InlineData("..0", "the JSON Lines prefix .. is not supported")]
    [InlineData("!true", "the literal ! is not supported")]
    [InlineData("friends.#[last==\"Murphy\"].first", "the query form #[...] is not supported")]
    [InlineData("friends.#(active==~true)", "the boolean coercion ~true is not supported")]
    [InlineData("friends.#(nets|@reverse)", "in the query's path 'nets|@reverse': the pipe | is not supported")]
    [InlineData("", "is empty")]
    [InlineData("a..b", "has an empty key between two dots")]
    [InlineData("a.", "ends with '.'")]
    [InlineData("friends.#(last==\"Murphy\"", "has no closing ')'")]
    [InlineData("friends.#()", "has an empty query #()")]
    [InlineData("friends.#(age>)", "comparing with nothing")]
    [InlineData("friends.#(last==\"Mur)", "has no closing ')'")]
    [InlineData("friends.#(last==\"Mur\"phy)", "has text after the quoted value")]
    [InlineData("friends.#(age>1)x", "unexpected 'x'")]
    [InlineData("friends.#x", "unexpected 'x' after '#'")]
    public void Constructs_outside_the_subset_and_bad_paths_are_refused_by_name(string path, string message)
    {
        Assert.False(GjsonPath.TryParse(path, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
