using Modelplane.Hosting.ApplicationModel;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Orchestration;

namespace Modelplane.Hosting.Gateway;

/// <summary>Writes the gateway's route table from the graph and the replicas' local addresses before anything starts.</summary>
internal sealed class RouteTableHook(GatewayResource gateway, string path) : RunHookAnnotation
{
    public override async Task BeforeStartAsync(Supervisor supervisor, CancellationToken cancellationToken)
    {
        var services = supervisor.Model.Resources.OfType<InferenceServiceResource>();
        var table = RouteTableDocument.Create(gateway.Domain, services, component => (
            supervisor.Endpoints(component.Name, EndpointAnnotation.Http),
            supervisor.Endpoints(component.Name, EndpointAnnotation.Grpc)));

        // Written whole under another name, then moved: the gateway's file watcher never reads half a table.
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var staging = path + ".new";
        await File.WriteAllTextAsync(staging, RouteTableDocument.ToText(table), cancellationToken);
        File.Move(staging, path, overwrite: true);
    }
}
