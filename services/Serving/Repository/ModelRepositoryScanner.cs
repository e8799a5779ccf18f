using System.Buffers;
using Microsoft.Extensions.Logging;

namespace Modelplane.Serving.Repository;

/// <summary>
/// Reads a Triton-style model repository: each directory holding numbered version directories is a model.
/// Other directories (code, data) are passed over, so a repository can live beside the files that build it.
/// </summary>
public static partial class ModelRepositoryScanner
{
    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    /// <summary>Every model version under <paramref name="root"/>, ordered by model name and version.</summary>
    public static IReadOnlyList<ModelVersionEntry> Scan(string root, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(logger);
        var entries = new List<ModelVersionEntry>();
        foreach (var modelDirectory in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(modelDirectory);
            var versions = ScanModel(root, name);
            if (versions.Count == 0)
            {
                if (File.Exists(Path.Combine(modelDirectory, ModelConfig.FileName)))
                {
                    LogNoVersions(logger, name);
                }

                continue;
            }

            if (!IsValidName(name))
            {
                LogBadName(logger, name);
                continue;
            }

            entries.AddRange(versions);
        }

        return entries;
    }

    /// <summary>The versions of one model, oldest first; empty when its directory is missing or holds no version.</summary>
    public static IReadOnlyList<ModelVersionEntry> ScanModel(string root, string name)
    {
        var modelDirectory = Path.Combine(root, name);
        if (!Directory.Exists(modelDirectory))
        {
            return [];
        }

        return [.. Directory.EnumerateDirectories(modelDirectory)
            .Select(path => (Path: path, Number: VersionNumber(Path.GetFileName(path))))
            .Where(v => v.Number > 0)
            .OrderBy(v => v.Number)
            .Select(v => new ModelVersionEntry(name, v.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), modelDirectory, v.Path))];
    }

    /// <summary>
    /// The version a directory name stands for, or 0: only plain decimal numbers from 1 count, as in Triton, so
    /// <c>01</c> or <c>+1</c> cannot pose as a second version 1.
    /// </summary>
    public static long VersionNumber(string name) =>
        name.Length is > 0 and <= 18 && name[0] != '0' && name.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0
            ? long.Parse(name, System.Globalization.CultureInfo.InvariantCulture)
            : 0;

    /// <summary>Model names are what URLs and Kubernetes can carry: letters, digits, '-', '_' and '.'.</summary>
    public static bool IsValidName(string name) =>
        !string.IsNullOrEmpty(name) && !name.AsSpan().ContainsAnyExcept(NameCharacters) && name[0] != '.';

    [LoggerMessage(Level = LogLevel.Warning, Message = "model directory {Name} has config.json but no numbered version directory (such as {Name}/1/); it is not served")]
    private static partial void LogNoVersions(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "model directory {Name} is not served: a model name may hold only letters, digits, '-', '_' and '.'")]
    private static partial void LogBadName(ILogger logger, string name);
}
