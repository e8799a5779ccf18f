using System.CommandLine;
using Modelplane.Hosting.Publishing;

namespace Modelplane.Hosting.Cli;

/// <summary>
/// <c>publish --target kubernetes|kserve|manifest --output DIR</c>: writes the graph for a cluster. Nothing is written
/// unless everything can be: a graph with problems, an unknown target or an output that is a file is an error and
/// leaves the output as it was.
/// </summary>
internal static class PublishCommand
{
    public static Command Create(PlatformApplication application)
    {
        var targets = string.Join(", ", PublisherCatalog.All.Select(p => $"{p.Target} ({p.Description})"));
        var target = new Option<string>("--target") { Description = $"What to write: {targets}", DefaultValueFactory = _ => "kubernetes" };
        var output = new Option<string>("--output", "-o") { Description = "The directory to write; created, or replaced as a whole", Required = true };
        var registry = new Option<string>("--registry") { Description = "The registry of Modelplane's images, such as ghcr.io/you", DefaultValueFactory = _ => PublishOptions.DefaultRegistry };
        var tag = new Option<string>("--tag") { Description = "The tag of Modelplane's images", DefaultValueFactory = _ => PublishOptions.DefaultTag };
        var space = new Option<string?>("--namespace") { Description = "The namespace to publish into (default: kubectl's current one; for kserve, where the model store goes)" };
        var publish = new Command("publish", "Write the graph as Kubernetes manifests (plain or KServe) or an Aspire manifest") { target, output, registry, tag, space };
        publish.TreatUnmatchedTokensAsErrors = false;
        publish.SetAction(result => Run(
            application,
            new PublishOptions
            {
                Target = result.GetValue(target)!,
                OutputDirectory = result.GetValue(output)!,
                Registry = result.GetValue(registry)!,
                Tag = result.GetValue(tag)!,
                Namespace = result.GetValue(space),
            },
            Console.Out,
            Console.Error));
        return publish;
    }

    /// <summary>Publishes and gives the exit code: 0 when written, 1 with every problem on <paramref name="error"/> when not.</summary>
    public static int Run(PlatformApplication application, PublishOptions options, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var problems = new List<string>();
        if (PublisherCatalog.Find(options.Target) is null)
        {
            problems.Add($"unknown publish target '{options.Target}'; use one of {string.Join(", ", PublisherCatalog.All.Select(p => p.Target))}");
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
                files = PublisherCatalog.Publish(application, options);
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
                error.WriteLine($"error: {problem}");
            }

            error.WriteLine($"nothing was written: fix the {(problems.Count == 1 ? "problem" : $"{problems.Count} problems")} above");
            return 1;
        }

        foreach (var warning in application.Builder.Warnings)
        {
            output.WriteLine($"warning: {warning}");
        }

        output.WriteLine($"published {files!.Files.Count} files for {options.Target} to {options.OutputDirectory}");
        return 0;
    }
}
