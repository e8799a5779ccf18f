using Microsoft.Extensions.Options;

namespace Modelplane.Transformer.Pipeline;

/// <summary>
/// Resolves the files a pipeline names (dictionaries, labels, vocabularies, statistics): relative to the pipeline file
/// when the pipeline came from one (<c>--pipeline</c>), else relative to where the server was started.
/// </summary>
public sealed class PipelineFiles(IOptions<TransformerOptions> options)
{
    /// <summary>The full path of a file a pipeline names; a missing file is an error that names the setting.</summary>
    public string Resolve(string path, string setting)
    {
        ArgumentException.ThrowIfNullOrEmpty(setting);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidDataException($"{setting} is not set; name a file");
        }

        var baseDirectory = options.Value.Pipeline is { Length: > 0 } pipeline
            ? Path.GetDirectoryName(Path.GetFullPath(pipeline))!
            : Directory.GetCurrentDirectory();
        var full = Path.GetFullPath(path, baseDirectory);
        return File.Exists(full) || Directory.Exists(full)
            ? full
            : throw new InvalidDataException($"{setting} names '{path}', which does not exist (looked for {full})");
    }
}
