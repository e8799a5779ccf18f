using Aspire.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;

namespace Modelplane.Hosting;

/// <summary>
/// The AppHost project's own <c>appsettings.json</c>, wherever the AppHost is started from. Aspire reads it from the
/// working directory, which is the project's only when <c>dotnet run</c> starts there; Modelplane's AppHost runs where
/// the user stands, so that paths on its command line mean what they say. The files go where a host reads them: above
/// its defaults, below the environment and the command line, which are read again after them. (Settings that code adds
/// before the AppHost's first Modelplane call rank below the files.)
/// </summary>
internal static class AppHostSettings
{
    public static void Add(IDistributedApplicationBuilder builder)
    {
        var directory = Path.GetFullPath(builder.AppHostDirectory);
        if (string.Equals(Path.GetFullPath(builder.Environment.ContentRootPath).TrimEnd(Path.DirectorySeparatorChar), directory.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal)
            || !File.Exists(Path.Combine(directory, "appsettings.json")))
        {
            return;
        }

        // Added, not inserted: inserting reloads every source, and some of Aspire's cannot be read twice.
        var provider = new PhysicalFileProvider(directory);
        builder.Configuration.AddJsonFile(provider, "appsettings.json", optional: true, reloadOnChange: false);
        builder.Configuration.AddJsonFile(provider, $"appsettings.{builder.Environment.EnvironmentName}.json", optional: true, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables();
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(DistributedApplicationOptions))?.ImplementationInstance is DistributedApplicationOptions { Args: { Length: > 0 } args })
        {
            builder.Configuration.AddCommandLine([.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))]);
        }
    }
}
