using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Dashboard;

/// <summary>
/// The dashboard's commands on a predictor replica, through the Open Inference Protocol's model repository extension:
/// unload its model (it stops serving it, and is no longer ready), and load it again. A local predictor runs in
/// explicit model control mode for this, its model loaded at start. Restarting a replica is Aspire's own command.
/// </summary>
internal static class ModelServerCommands
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(5) };

    public static void Add(IResourceBuilder<ReplicaResource> builder)
    {
        if (builder.Resource.Component.Role != ComponentRole.Predictor)
        {
            return;
        }

        builder.WithCommand("unload-model", "Unload model", context => RepositoryAsync(builder.Resource, "unload", context.CancellationToken), Options("Unload the replica's model: it stops serving it", "ArrowDownload", running: true))
            .WithCommand("load-model", "Load model", context => RepositoryAsync(builder.Resource, "load", context.CancellationToken), Options("Load the replica's model from its repository", "ArrowUpload", running: true));
    }

    private static CommandOptions Options(string description, string icon, bool running) => new()
    {
        Description = description,
        IconName = icon,
        UpdateState = context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running == running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
    };

    private static async Task<ExecuteCommandResult> RepositoryAsync(ReplicaResource replica, string action, CancellationToken cancellationToken)
    {
        var model = replica.Component.ModelName;
        var path = $"/v2/repository/models/{model}/{action}";
        try
        {
            using var response = await Client.PostAsync(new Uri(replica.Endpoints.HttpUrl, path), content: null, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode
                ? CommandResults.Success($"{action}ed model '{model}'")
                : CommandResults.Failure($"POST {path} answered {(int)response.StatusCode}: {body.Trim()}");
        }
        catch (HttpRequestException e)
        {
            return CommandResults.Failure($"POST {path}: {e.Message}");
        }
    }
}
