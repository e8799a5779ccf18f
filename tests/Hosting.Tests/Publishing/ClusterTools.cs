using System.Diagnostics;
using System.Text.Json;

namespace Modelplane.Hosting.Tests.Publishing;

/// <summary>
/// The offline checkers of published manifests: <c>kubectl kustomize</c> and the schema check under
/// hosting/Publishing/schema-check (kubernetes-models and KEDA's, pinned by its lock file and installed with npm ci on
/// first use).
/// A missing tool fails the test and says how to install it; it is never skipped.
/// </summary>
internal static class ClusterTools
{
    public static string SchemaCheckDirectory => RepositoryRoot.Combine("hosting", "Publishing", "schema-check");

    public static (int ExitCode, string Output) Kustomize(string directory) => Run("kubectl", ["kustomize", directory], null, "install kubectl (apt-get install kubectl; .ci/run does)");

    private static readonly Lock InstallLock = new();

    public static (int ExitCode, string Output) SchemaCheck(string target, string? input = null)
    {
        InstallSchemaCheck();
        return Run("node", [Path.Combine(SchemaCheckDirectory, "check.mjs"), target], input, "install node");
    }

    // The schema checker's packages, installed once from its lock file when a fresh clone lacks them (or one added since).
    private static void InstallSchemaCheck()
    {
        lock (InstallLock)
        {
            using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(SchemaCheckDirectory, "package.json")));
            var packages = manifest.RootElement.GetProperty("dependencies").EnumerateObject().Select(p => p.Name);
            if (packages.All(p => Directory.Exists(Path.Combine([SchemaCheckDirectory, "node_modules", .. p.Split('/')]))))
            {
                return;
            }

            var (exitCode, output) = Run("npm", ["ci", "--prefix", SchemaCheckDirectory, "--no-audit", "--no-fund", "--loglevel=error"], null, "install node and npm");
            Assert.True(exitCode == 0, $"npm ci --prefix hosting/Publishing/schema-check failed:\n{output}");
        }
    }

    private static (int ExitCode, string Output) Run(string program, string[] args, string? input, string install)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"{program} could not be started ({e.Message}); {install}");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (input is not null)
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }

            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
