using ServiceDefaultsNames = Microsoft.Extensions.Hosting.Extensions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Modelplane.Hosting.Processes;

/// <summary>
/// How DCP runs a Modelplane service locally: <c>dotnet {assembly}</c> (or the program compiled ahead of time, when
/// the AppHost was built with it) from its project's folder, listening on fixed
/// ports of 127.0.0.1 that no proxy stands in front of (the gateway reaches each replica directly), sending its
/// telemetry to the dashboard, with the environment the caller sets and a fresh instance identity at every start.
/// </summary>
internal static class ServiceLaunch
{
    public static IResourceBuilder<T> RunLocally<T>(
        this IResourceBuilder<T> builder,
        ServiceProject project,
        LocalEndpoints endpoints,
        Action<Action<string, object>> environment,
        Action<string> started)
        where T : ProjectResource, IServiceProcess
    {
        builder.WithAnnotation<IProjectMetadata>(project)
            .WithAnnotation(new ExecutableAnnotation { Command = project.NativePath ?? "dotnet", WorkingDirectory = Path.GetDirectoryName(project.ProjectPath)! });
        if (project.NativePath is null)
        {
            builder.WithArgs(project.AssemblyPath);
        }

        builder.WithEndpoint(ServicePorts.Http, e => Fix(e, endpoints.Http, "http"))
            .WithOtlpExporter()
            .WithEnvironment(context =>
            {
                var instance = Guid.NewGuid().ToString("N");
                started(instance);
                context.EnvironmentVariables[ServiceDefaultsNames.InstanceVariable] = instance;
                environment((name, value) => context.EnvironmentVariables[name] = value);
            });
        if (endpoints.Grpc is { } grpc)
        {
            builder.WithEndpoint(ServicePorts.Grpc, e => Fix(e, grpc, "http2"));
        }

        return builder;
    }

    /// <summary>Fixes an endpoint on a port of 127.0.0.1, with no proxy in front of it.</summary>
    public static void Fix(EndpointAnnotation endpoint, int port, string transport)
    {
        endpoint.Port = port;
        endpoint.TargetPort = port;
        endpoint.TargetHost = "127.0.0.1";
        endpoint.IsProxied = false;
        endpoint.UriScheme = "http";
        endpoint.Transport = transport;
    }
}
