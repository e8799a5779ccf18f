namespace Modelplane.Hosting.Processes;

/// <summary>Finds a program as the shell does: a path as given, a bare name on PATH.</summary>
public static class ProgramPath
{
    /// <summary>The program's full path, or null when there is no such program.</summary>
    public static string? Find(string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        if (program.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
    }
}
