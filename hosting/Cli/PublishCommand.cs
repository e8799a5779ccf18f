using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using Aspire.Hosting;
using Modelplane.Hosting.Publishing;

namespace Modelplane.Hosting.Cli;

/// <summary>
/// <c>publish --target kubernetes|kserve|manifest --output DIR</c>: writes the graph for a cluster. Nothing is written
/// unless everything can be: a graph with problems, an unknown target or an output that is a file is an error and
/// leaves the output as it was. The Aspire manifest is Aspire's own publisher's: <c>--target manifest</c> runs the
/// AppHost again as <c>--publisher manifest --output-path DIR</c>.
/// </summary>
internal static class PublishCommand
{
    public static Command Create(Func<ModelplaneGraph> graph)
    {
        var targets = string.Join(", ", PublisherCatalog.All.Select(p => $"{p.Target} ({p.Description})").Append($"{PublisherCatalog.Manifest} (Aspire's manifest, by Aspire's publisher)"));
        var target = new Option<string>("--target") { Description = $"What to write: {targets}", DefaultValueFactory = _ => "kubernetes" };
        var output = new Option<string>("--output", "-o") { Description = "The directory to write; created, or replaced as a whole", Required = true };
        var registry = new Option<string>("--registry") { Description = "The registry of Modelplane's images, such as ghcr.io/you", DefaultValueFactory = _ => PublishOptions.DefaultRegistry };
        var tag = new Option<string>("--tag") { Description = "The tag of Modelplane's images", DefaultValueFactory = _ => PublishOptions.DefaultTag };
        var space = new Option<string?>("--namespace") { Description = "The namespace to publish into (default: kubectl's current one; for kserve, where the model store goes)" };
        var publish = new Command("publish", "Write the graph as Kubernetes manifests (plain or KServe) or an Aspire manifest") { target, output, registry, tag, space };
        publish.TreatUnmatchedTokensAsErrors = false;
        publish.SetAction((result, cancellationToken) =>
        {
            var options = new PublishOptions
            {
                Target = result.GetValue(target)!,
                OutputDirectory = result.GetValue(output)!,
                Registry = result.GetValue(registry)!,
                Tag = result.GetValue(tag)!,
                Namespace = result.GetValue(space),
            };
            return options.Target == PublisherCatalog.Manifest
                ? AspireManifestAsync(options.OutputDirectory, cancellationToken)
                : RunAsync(graph(), options, Console.Out, Console.Error, cancellationToken);
        });
        return publish;
    }

    /// <summary>Publishes and gives the exit code: 0 when written, 1 with every problem on <paramref name="error"/> when not.</summary>
    public static async Task<int> RunAsync(ModelplaneGraph graph, PublishOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var problems = new List<string>();
        if (PublisherCatalog.Find(options.Target) is null)
        {
            problems.Add($"unknown publish target '{options.Target}'; use one of {string.Join(", ", PublisherCatalog.Targets)}");
        }

        if (PublishOutput.Problem(options.OutputDirectory) is { } outputProblem)
        {
            problems.Add(outputProblem);
        }

        PublishedFiles? files = null;
        if (problems.Count == 0)
        {
            try
            {
                files = await PublisherCatalog.PublishAsync(graph, options, cancellationToken);
                PublishOutput.Write(options.OutputDirectory, files);
            }
            catch (GraphException e)
            {
                problems.AddRange(e.Problems);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"could not write {options.OutputDirectory}: {e.Message}");
            }
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"error: {problem}");
            }

            await error.WriteLineAsync($"nothing was written: fix the {(problems.Count == 1 ? "problem" : $"{problems.Count} problems")} above");
            return 1;
        }

        foreach (var warning in graph.Warnings)
        {
            await output.WriteLineAsync($"warning: {warning}");
        }

        await output.WriteLineAsync($"published {files!.Files.Count} files for {options.Target} to {options.OutputDirectory}");
        return 0;
    }

    /// <summary>The AppHost in Aspire's publish mode (<c>--publisher manifest</c>): Aspire publishes, and the exit code says whether it could.</summary>
    public static async Task<int> RunAspireAsync(DistributedApplication application, CancellationToken cancellationToken)
    {
        try
        {
            await application.RunAsync(cancellationToken);
            return 0;
        }
        catch (GraphException e)
        {
            foreach (var problem in e.Problems)
            {
                await Console.Error.WriteLineAsync($"error: {problem}");
            }

            await Console.Error.WriteLineAsync($"nothing was written: fix the {(e.Problems.Count == 1 ? "problem" : $"{e.Problems.Count} problems")} above");
            return 1;
        }
    }

    // Aspire chooses publish mode from the command line the AppHost is built with: run it again with Aspire's options,
    // and the configuration this run was given.
    private static async Task<int> AspireManifestAsync(string outputDirectory, CancellationToken cancellationToken)
    {
        var arguments = System.Environment.GetCommandLineArgs().Skip(1).Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)).ToList();
        var info = new ProcessStartInfo(System.Environment.ProcessPath!) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(System.Environment.ProcessPath) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in (string[])[.. arguments, "--publisher", PublisherCatalog.Manifest, "--output-path", Path.GetFullPath(outputDirectory)])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }
}
