namespace Modelplane.Testing;

/// <summary>The checkout the tests run from: the nearest directory above the test binaries that holds Platform.sln.</summary>
internal static class RepositoryRoot
{
    public static string FullPath { get; } = Find();

    /// <summary>A path inside the checkout, from parts relative to its root.</summary>
    public static string Combine(params string[] parts) => Path.Combine([FullPath, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No directory above {AppContext.BaseDirectory} holds Platform.sln.");
    }
}
