namespace Modelplane.Hosting.Publishing;

/// <summary>The text files a publisher produced, by path relative to the output directory, in path order.</summary>
public sealed class PublishedFiles
{
    private readonly SortedDictionary<string, string> _files = new(StringComparer.Ordinal);

    /// <summary>Every file and its text.</summary>
    public IReadOnlyDictionary<string, string> Files => _files;

    /// <summary>Adds a file; two publishers' parts that would write one path are a bug, not a user's mistake.</summary>
    public void Add(string relativePath, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        ArgumentNullException.ThrowIfNull(text);
        if (!_files.TryAdd(relativePath, text))
        {
            throw new InvalidOperationException($"{relativePath} was written twice");
        }
    }
}
