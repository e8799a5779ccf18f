namespace Modelplane.Bench;

/// <summary>Finds the repository the harness was built from, so every path it uses or records is relative to it.</summary>
internal static class RepositoryRoot
{
    /// <summary>A file that only this repository's root has beneath it.</summary>
    private static readonly string Marker = Path.Combine("bench", "wrk", "post-json.lua");

    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, Marker)))
                {
                    return directory.FullName;
                }
            }
        }

        throw new BenchmarkException($"cannot find the repository root (a folder holding {Marker}); run from inside the repository");
    }
}
