using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Tests.Specs;

/// <summary>The seed documents' YAML examples, kept verbatim under Specs/Seeds, read under their own file names.</summary>
internal static class SeedSpecs
{
    public static string PathOf(string file) => RepositoryRoot.Combine("tests", "Hosting.Tests", "Specs", "Seeds", file);

    public static SpecReadResult Read(string file) => SpecReader.Read(File.ReadAllText(PathOf(file)), file);

    /// <summary>The one spec a seed file holds, failing the test with the diagnostics when it does not read cleanly.</summary>
    public static InferenceServiceSpec ReadOne(string file)
    {
        var result = Read(file);
        Assert.False(result.HasErrors, string.Join(Environment.NewLine, result.Diagnostics));
        return Assert.Single(result.Specs);
    }
}
