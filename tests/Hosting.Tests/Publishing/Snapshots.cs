using Modelplane.Hosting.Publishing;

namespace Modelplane.Hosting.Tests.Publishing;

/// <summary>
/// Expected publisher output, committed under Publishing/Snapshots/{case}/{target}/ and compared byte for byte. To accept
/// a deliberate change, run the tests with MODELPLANE_UPDATE_SNAPSHOTS=1, which rewrites them, and review the diff.
/// </summary>
internal static class Snapshots
{
    public static string DirectoryOf(string name, string target) => RepositoryRoot.Combine("tests", "Hosting.Tests", "Publishing", "Snapshots", name, target);

    public static void Match(string name, string target, PublishedFiles files)
    {
        var directory = DirectoryOf(name, target);
        if (Environment.GetEnvironmentVariable("MODELPLANE_UPDATE_SNAPSHOTS") == "1")
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            PublishOutput.Write(directory, files);
        }

        Assert.True(Directory.Exists(directory), $"no snapshot at {directory}; run the tests with MODELPLANE_UPDATE_SNAPSHOTS=1 to write it, then review it");
        var expected = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, files.Files.Keys.ToList());
        foreach (var (path, text) in files.Files)
        {
            Assert.True(
                File.ReadAllText(Path.Combine(directory, path)) == text,
                $"{name}/{target}/{path} differs from its snapshot; if the change is meant, run the tests with MODELPLANE_UPDATE_SNAPSHOTS=1 and review the diff");
        }
    }
}
