using System.Globalization;
using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting.Orchestration;

/// <summary>
/// Turns a resource's annotations into the process of one replica, with the environment Aspire gives a service:
/// <c>ASPNETCORE_URLS</c>, <c>services__{name}__{endpoint}__{i}</c> and <c>ConnectionStrings__{name}</c> for its
/// references, <c>OTEL_*</c>, and the variables the graph sets.
/// </summary>
internal sealed class LaunchPlanner(EndpointTable endpoints, IReadOnlyDictionary<string, string> connectionStrings, LaunchSettings settings)
{
    public ProcessLaunch Plan(IResource resource, int replica)
    {
        var own = endpoints.Of(resource.Name, replica);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OTEL_SERVICE_NAME"] = resource.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={resource.Name}-{replica}",
            ["DOTNET_ENVIRONMENT"] = settings.Environment,
            ["ASPNETCORE_ENVIRONMENT"] = settings.Environment,
        };
        if (settings.OtlpEndpoint is { Length: > 0 } otlp)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
        }

        foreach (var reference in resource.Annotations.OfType<ReferenceAnnotation>())
        {
            AddReference(environment, resource, reference.Target);
        }

        foreach (var variable in resource.Annotations.OfType<EnvironmentAnnotation>())
        {
            environment[variable.Name] = variable.Value;
        }

        var args = resource.Annotations.OfType<CommandLineArgsAnnotation>().SelectMany(a => a.Args).ToList();
        switch (resource)
        {
            case ProjectResource project:
                if (own.TryGetValue(EndpointAnnotation.Http, out var http))
                {
                    environment["ASPNETCORE_URLS"] = http.ToString().TrimEnd('/');
                }

                // A model server without a gRPC endpoint listens for gRPC nowhere, rather than on the fixed default port.
                environment["Serving__GrpcPort"] = own.TryGetValue(EndpointAnnotation.Grpc, out var grpc)
                    ? grpc.Port.ToString(CultureInfo.InvariantCulture)
                    : "-1";
                return new ProcessLaunch("dotnet", [project.Project.AssemblyPath, .. args], Path.GetDirectoryName(project.Project.ProjectPath)!, environment);
            case ExecutableResource executable:
                if (own.TryGetValue(EndpointAnnotation.Http, out var port))
                {
                    environment["PORT"] = port.Port.ToString(CultureInfo.InvariantCulture);
                }

                return new ProcessLaunch(executable.Command, args, executable.WorkingDirectory, environment);
            default:
                throw new InvalidOperationException($"a {resource.GetType().Name} is not run as a process");
        }
    }

    private void AddReference(Dictionary<string, string> environment, IResource resource, IResource target)
    {
        if (target is IResourceWithConnectionString)
        {
            environment[$"ConnectionStrings__{target.Name}"] = connectionStrings.TryGetValue(target.Name, out var connection)
                ? connection
                : throw new InvalidOperationException($"the connection string of '{target.Name}' is not known yet; make {resource.Name} wait for it");
            return;
        }

        foreach (var endpoint in target.Annotations.OfType<EndpointAnnotation>())
        {
            var addresses = endpoints.All(target.Name, endpoint.Name);
            for (var i = 0; i < addresses.Count; i++)
            {
                environment[$"services__{target.Name}__{endpoint.Name}__{i}"] = addresses[i].ToString().TrimEnd('/');
            }
        }
    }
}
