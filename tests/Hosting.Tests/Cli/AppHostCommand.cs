using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Modelplane.Hosting.Tests.Cli;

/// <summary>The built AppHost's command line run as its own process, as a user runs <c>dotnet run --project AppHost -- ...</c>.</summary>
internal static class AppHostCommand
{
    // Store settings of the machine running the tests must not reach the command under test.
    private static readonly string[] StoreVariables =
        ["ConnectionStrings__models", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

    /// <summary>Runs the command to its end (killing it if it hangs) and gives its exit code and output.</summary>
    public static async Task<CommandResult> RunAsync(params string[] arguments)
    {
        var info = StartInfo(arguments);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        return new CommandResult(process.ExitCode, await output, await error);
    }

    /// <summary>How to start the AppHost with <paramref name="arguments"/> from the repository root, its output read by the caller.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.FullPath,
        };
        info.ArgumentList.Add(Dll());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var variable in StoreVariables)
        {
            info.Environment.Remove(variable);
        }

        foreach (var (name, value) in DashboardEnvironment())
        {
            info.Environment[name] = value;
        }

        return info;
    }

    /// <summary>
    /// What <c>dotnet run</c> takes from the AppHost's launch profile, with free ports instead of its fixed ones, so
    /// several AppHosts of the tests never meet.
    /// </summary>
    public static Dictionary<string, string> DashboardEnvironment() => new()
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}",
        ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort()}",
        ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort()}",
        ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["DOTNET_ENVIRONMENT"] = "Development",
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Dll()
    {
        // The tests run from tests/Hosting.Tests/bin/{Configuration}/{TargetFramework}/; the AppHost is built beside them.
        var targetFramework = new DirectoryInfo(AppContext.BaseDirectory);
        var path = RepositoryRoot.Combine("AppHost", "bin", targetFramework.Parent!.Name, targetFramework.Name, "Modelplane.AppHost.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"the AppHost is not built at {path}; build Platform.sln first", path);
    }
}
