using Modelplane.Bench.Processes;

namespace Modelplane.Bench.AppHost;

/// <summary>
/// The AppHost as it was before Modelplane moved onto Aspire (its own engine: application model, supervisor and
/// spawner), checked out from the last commit before the move into a git worktree of its own and built in Release,
/// so that its memory is measured in the same run, on the same machine, as the Aspire AppHost's.
/// </summary>
internal sealed class BaselineEngine : IAsyncDisposable
{
    /// <summary>The last commit whose AppHost ran on Modelplane's own engine.</summary>
    public const string Commit = "03c1a3dc64b13a1d836ae6f92053ee59bbd436a5";

    private readonly string _repositoryRoot;
    private readonly ChildProcessTracker _tracker;

    private BaselineEngine(string repositoryRoot, string directory, ChildProcessTracker tracker)
    {
        _repositoryRoot = repositoryRoot;
        Directory = directory;
        _tracker = tracker;
    }

    /// <summary>The worktree, where <c>dotnet run --project AppHost</c> runs the old engine.</summary>
    public string Directory { get; }

    /// <summary>Checks the commit out under <paramref name="work"/> and builds its AppHost (and so its services) in Release.</summary>
    public static async Task<BaselineEngine> PrepareAsync(string repositoryRoot, string work, ChildProcessTracker tracker, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(work, "baseline");
        Console.WriteLine($"  baseline: git worktree add {directory} {Commit[..7]} (the AppHost before Aspire), then dotnet build -c Release");
        await RunAsync(["git", "worktree", "add", "--detach", "--force", directory, Commit], repositoryRoot, tracker, cancellationToken);
        var engine = new BaselineEngine(repositoryRoot, directory, tracker);
        try
        {
            await RunAsync(["dotnet", "build", "AppHost", "-c", "Release", "--nologo", "-v", "quiet", "-clp:NoSummary"], directory, tracker, cancellationToken);
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }

        return engine;
    }

    public async ValueTask DisposeAsync() =>
        await RunAsync(["git", "worktree", "remove", "--force", Directory], _repositoryRoot, _tracker, CancellationToken.None);

    private static async Task RunAsync(IReadOnlyList<string> command, string directory, ChildProcessTracker tracker, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await Executable.RunAsync(command, directory, tracker, cancellationToken);
        if (exitCode != 0)
        {
            throw new BenchmarkException($"{Executable.Display(command)} failed with exit code {exitCode}:\n{output}");
        }
    }
}
