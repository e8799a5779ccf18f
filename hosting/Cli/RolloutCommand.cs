using System.CommandLine;
using Modelplane.Hosting.Revisions;

namespace Modelplane.Hosting.Cli;

/// <summary>
/// <c>rollout promote NAME</c> and <c>rollout rollback NAME</c>: the latest revision of an InferenceService takes all
/// its traffic, or the previous one takes it back, in the AppHost running from this directory, as the dashboard's
/// commands do. Prints the AppHost's answer; exits 1 when it could not be done.
/// </summary>
internal static class RolloutCommand
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static Command Create(Func<ModelplaneGraph> graph)
    {
        var rollout = new Command("rollout", "Promote the latest revision of an InferenceService, or roll back to the previous one");
        foreach (var (action, description) in new[] { (RolloutRequests.Promote, "Give the latest revision all the traffic and stop the previous one"), (RolloutRequests.Rollback, "Give the previous revision all the traffic back and stop the latest") })
        {
            var name = new Argument<string>("NAME") { Description = "the InferenceService" };
            var command = new Command(action, description) { name };
            command.SetAction((result, token) => RunAsync(graph(), action, result.GetValue(name)!, Console.Out, token));
            rollout.Subcommands.Add(command);
        }

        return rollout;
    }

    public static async Task<int> RunAsync(ModelplaneGraph graph, string action, string service, TextWriter output, CancellationToken cancellationToken)
    {
        if (RunState.Read(graph.DataDirectory) is not { } state || !StatusCommand.IsRunning(state.ProcessId))
        {
            await output.WriteLineAsync($"No AppHost is running from {graph.AppHostDirectory}; start one with: dotnet run --project AppHost");
            return 1;
        }

        var folder = RolloutRequests.Folder(graph);
        Directory.CreateDirectory(folder);
        var request = Path.Combine(folder, $"{service}.{action}");
        var result = request + RolloutRequests.ResultSuffix;
        File.Delete(result);
        await File.WriteAllTextAsync(request, string.Empty, cancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(result))
        {
            if (clock.Elapsed > Patience)
            {
                await output.WriteLineAsync($"the AppHost did not answer within {Patience.TotalSeconds:0} s; see its log");
                return 1;
            }

            await Task.Delay(100, cancellationToken);
        }

        var answer = (await File.ReadAllTextAsync(result, cancellationToken)).Trim();
        File.Delete(result);
        await output.WriteLineAsync(answer.StartsWith("ok: ", StringComparison.Ordinal) ? answer[4..] : answer);
        return answer.StartsWith("ok: ", StringComparison.Ordinal) ? 0 : 1;
    }
}
