using Microsoft.Extensions.Options;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Storage;

namespace Modelplane.Serving.Repository;

/// <summary>Refuses to start without a model repository directory, saying which setting to fix.</summary>
internal sealed class ModelRepositoryValidator : IValidateOptions<ServingOptions>
{
    public ValidateOptionsResult Validate(string? name, ServingOptions options)
    {
        StorageUri uri;
        try
        {
            uri = ModelRepositorySource.Locate(options).Uri;
        }
        catch (FormatException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }

        // A store is reached (and retried) once the server runs; a local directory must be there now.
        var setting = string.IsNullOrWhiteSpace(options.ModelRepository) ? "STORAGE_URI" : "Serving:ModelRepository";
        var path = Path.GetFullPath(uri.LocalPath.Length == 0 ? "." : uri.LocalPath);
        if (uri.Scheme == StorageScheme.File && !Directory.Exists(path))
        {
            return ValidateOptionsResult.Fail(File.Exists(path)
                ? $"the model repository '{path}' ({setting}) is a file; it must be a directory holding {{model}}/{{version}}/ directories"
                : $"the model repository '{path}' ({setting}) does not exist");
        }

        return ValidateOptionsResult.Success;
    }
}
