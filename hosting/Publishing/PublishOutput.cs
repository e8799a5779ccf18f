namespace Modelplane.Hosting.Publishing;

/// <summary>
/// Writes published files so that the output directory holds all of them or is left as it was: they go to a staging
/// directory beside it, which replaces the directory only once every file is written.
/// </summary>
public static class PublishOutput
{
    /// <summary>Null when <paramref name="directory"/> can take the output, else what is wrong with it.</summary>
    public static string? Problem(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        if (File.Exists(full))
        {
            return $"the output '{directory}' is a file; give a directory (it is created, or replaced as a whole)";
        }

        var parent = Path.GetDirectoryName(full);
        return parent is not null && File.Exists(parent)
            ? $"the output '{directory}' is inside '{parent}', which is a file; give a directory"
            : null;
    }

    /// <summary>Writes <paramref name="files"/> into <paramref name="directory"/>, replacing what it held.</summary>
    public static void Write(string directory, PublishedFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (Problem(directory) is { } problem)
        {
            throw new IOException(problem);
        }

        var target = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.staging-{Guid.NewGuid():N}");
        var previous = Path.Combine(parent, $".{Path.GetFileName(target)}.previous-{Guid.NewGuid():N}");
        try
        {
            foreach (var (relative, text) in files.Files)
            {
                var path = Path.Combine(staging, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
            }

            Directory.CreateDirectory(staging);
            if (Directory.Exists(target))
            {
                Directory.Move(target, previous);
            }

            Directory.Move(staging, target);
        }
        catch
        {
            if (Directory.Exists(previous) && !Directory.Exists(target))
            {
                Directory.Move(previous, target);
            }

            throw;
        }
        finally
        {
            foreach (var leftover in new[] { staging, previous }.Where(Directory.Exists))
            {
                Directory.Delete(leftover, recursive: true);
            }
        }
    }
}
