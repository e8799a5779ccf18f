using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;

namespace Modelplane.Hosting.Dashboard;

/// <summary>The dashboard's "Send sample request" on an InferenceService: the request and its answer, through the gateway.</summary>
internal static class SampleCommand
{
    public static async Task<ExecuteCommandResult> ExecuteAsync(ModelplaneGraph graph, InferenceServiceResource service, CancellationToken cancellationToken)
    {
        if (graph.Resources<GatewayResource>().FirstOrDefault() is not { Endpoints: not null } gateway)
        {
            return CommandResults.Failure("the graph has no gateway to send the request through; add one with builder.AddGateway(\"gateway\")");
        }

        var (request, problem) = await SampleRequests.RequestOfAsync(gateway, service, cancellationToken);
        if (request is null)
        {
            return CommandResults.Failure($"{service.Name}: {problem}");
        }

        var (status, body) = await SampleRequests.SendAsync(gateway, service, request, cancellationToken);
        var summary = $"POST {request.Path} with {SampleRequests.Shorten(request.Json)} answered {(status == 0 ? "nothing" : status)}";
        return status == 200
            ? CommandResults.Success(summary, body, CommandResultFormat.Json, displayImmediately: true)
            : CommandResults.Failure($"{summary}: {SampleRequests.Shorten(body)}");
    }
}
