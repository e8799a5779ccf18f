using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;
using Modelplane.Hosting.Variables;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Publishing.Kubernetes;

namespace Modelplane.Hosting.Publishing.Manifest;

/// <summary>
/// Modelplane's resources in Aspire's manifest (<c>--publisher manifest</c>), written through Aspire's manifest
/// callbacks: each component and the gateway as <c>project.v0</c> with their environment and bindings, the model store
/// as MinIO's <c>container.v0</c> whose keys are secret parameters. The gateway's route table, a file the deploying
/// tool mounts, is written beside the manifest.
/// </summary>
internal static class ManifestResources
{
    /// <summary>The store's access and secret key parameters (<c>{store}-access-key</c>, <c>{store}-secret-key</c>), as the publishers name them.</summary>
    public static (string AccessKey, string SecretKey) KeyParameters(IResource store) => ($"{store.Name}-access-key", $"{store.Name}-secret-key");

    /// <summary>The name of the gateway's route table file beside the manifest.</summary>
    public static string RouteTableFile(GatewayResource gateway) => $"{gateway.Name}-routes.json";

    public static Task WriteComponentAsync(ManifestPublishingContext context, ComponentResource component)
    {
        WriteProject(context, component, ServiceEnvironment.Of(component, ManifestPlacement.Instance));
        return Task.CompletedTask;
    }

    public static async Task WriteGatewayAsync(ManifestPublishingContext context, GatewayResource gateway, ModelplaneGraph graph)
    {
        graph.Complete();
        WriteProject(context, gateway, ServiceEnvironment.Of(gateway, ManifestPlacement.Instance));
        var table = RouteTables.Create(gateway, graph.Resources<InferenceServiceResource>(), ClusterPlacement.Instance);
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(context.ManifestPath))!, RouteTableFile(gateway));
        await File.WriteAllTextAsync(path, RouteTables.ToJson(table), context.CancellationToken);
    }

    public static Task WriteStoreAsync(ManifestPublishingContext context, ModelStoreResource store)
    {
        var (accessKeyName, secretKeyName) = KeyParameters(store);
        var accessKey = "{" + accessKeyName + ".value}";
        var secretKey = "{" + secretKeyName + ".value}";
        var writer = context.Writer;
        writer.WriteString("type", "container.v0");
        writer.WriteString("connectionString", $"Endpoint={{{store.Name}.bindings.http.url}};AccessKey={accessKey};SecretKey={secretKey}");
        writer.WriteString("image", ContainerImages.Minio);
        writer.WriteStartArray("args");
        foreach (var argument in (string[])["server", "/data", "--address", string.Create(CultureInfo.InvariantCulture, $":{ModelStoreObjects.Port}")])
        {
            writer.WriteStringValue(argument);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("volumes");
        writer.WriteStartObject();
        writer.WriteString("name", $"{store.Name}-data");
        writer.WriteString("target", "/data");
        writer.WriteBoolean("readOnly", false);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("env");
        writer.WriteString("MINIO_ROOT_USER", accessKey);
        writer.WriteString("MINIO_ROOT_PASSWORD", secretKey);
        writer.WriteEndObject();
        WriteBindings(context, [(ServicePorts.Http, "http", ModelStoreObjects.Port)]);
        return Task.CompletedTask;
    }

    private static void WriteProject<T>(ManifestPublishingContext context, T service, SortedDictionary<string, EnvironmentValue> environment)
        where T : IModelplaneService
    {
        var writer = context.Writer;
        writer.WriteString("type", "project.v0");
        writer.WriteString("path", context.GetManifestRelativePath(service.Project.ProjectPath));
        writer.WriteStartObject("env");
        foreach (var (name, value) in environment)
        {
            writer.WriteString(name, value.Text);
        }

        writer.WriteEndObject();
        List<(string, string, int)> bindings = [(ServicePorts.Http, "http", ServicePorts.HttpTarget)];
        if (service.HasGrpc)
        {
            bindings.Add((ServicePorts.Grpc, "http2", ServicePorts.GrpcTarget));
        }

        WriteBindings(context, bindings);
    }

    private static void WriteBindings(ManifestPublishingContext context, IEnumerable<(string Name, string Transport, int TargetPort)> bindings)
    {
        var writer = context.Writer;
        writer.WriteStartObject("bindings");
        foreach (var (name, transport, targetPort) in bindings)
        {
            writer.WriteStartObject(name);
            writer.WriteString("scheme", "http");
            writer.WriteString("protocol", "tcp");
            writer.WriteString("transport", transport);
            writer.WriteNumber("targetPort", targetPort);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
