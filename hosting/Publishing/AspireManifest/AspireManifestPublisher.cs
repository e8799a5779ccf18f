using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modelplane.Hosting.ApplicationModel;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Publishing.Kubernetes;

namespace Modelplane.Hosting.Publishing.AspireManifest;

/// <summary>
/// <c>publish --target manifest</c>: the graph as Aspire's manifest (<c>aspire-manifest.json</c>), so tools that deploy
/// Aspire apps read it: services as <c>project.v0</c> with their bindings and environment, where references become
/// <c>{name.bindings.http.url}</c> and <c>{store.connectionString}</c> placeholders; programs as <c>executable.v0</c>;
/// a model store as MinIO's <c>container.v0</c> whose keys are secret <c>parameter.v0</c>s. Paths are relative to the
/// AppHost's directory. The gateway's route table, a file the deploying tool must mount, is written beside it.
/// </summary>
public sealed class AspireManifestPublisher : IPublisher
{
    public const string FileName = "aspire-manifest.json";

    private const string Schema = "https://json.schemastore.org/aspire-8.0.json";

    public string Target => "manifest";

    public string Description => "an Aspire-style manifest (aspire-manifest.json) for tools that read Aspire manifests";

    public PublishedFiles Publish(PublishContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = new PublishedFiles();
        var resources = new JsonObject();
        foreach (var resource in context.Model.Resources)
        {
            switch (resource)
            {
                case ModelStoreResource store:
                    resources[StoreCredentials.AccessKeyParameter(store)] = Parameter(StoreCredentials.AccessKeyParameter(store));
                    resources[StoreCredentials.SecretKeyParameter(store)] = Parameter(StoreCredentials.SecretKeyParameter(store));
                    resources[store.Name] = Store(store);
                    break;
                case InferenceServiceResource:
                    // Published as its components, which follow it in the graph.
                    break;
                case GatewayResource gateway:
                    var routes = $"{gateway.Name}-routes.json";
                    files.Add(routes, GatewayObjects.RouteTable(gateway, context.Model.Resources.OfType<InferenceServiceResource>()));
                    resources[gateway.Name] = Project(context, gateway, routes);
                    break;
                case ProjectResource project:
                    resources[project.Name] = Project(context, project, null);
                    break;
                case ExecutableResource executable:
                    resources[executable.Name] = Executable(context, executable);
                    break;
            }
        }

        var manifest = new JsonObject { ["$schema"] = Schema, ["resources"] = resources };
        files.Add(FileName, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return files;
    }

    private static JsonObject Parameter(string name) => new()
    {
        ["type"] = "parameter.v0",
        ["value"] = $"{{{name}.inputs.value}}",
        ["inputs"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "string", ["secret"] = true } },
    };

    private static JsonObject Store(ModelStoreResource store)
    {
        var accessKey = $"{{{StoreCredentials.AccessKeyParameter(store)}.value}}";
        var secretKey = $"{{{StoreCredentials.SecretKeyParameter(store)}.value}}";
        var http = store.Annotations.OfType<EndpointAnnotation>().First(e => e.Name == EndpointAnnotation.Http);
        return new JsonObject
        {
            ["type"] = "container.v0",
            ["connectionString"] = $"Endpoint={{{store.Name}.bindings.http.url}};AccessKey={accessKey};SecretKey={secretKey}",
            ["image"] = ContainerImages.Minio,
            ["args"] = new JsonArray("server", "/data", "--address", string.Create(CultureInfo.InvariantCulture, $":{http.TargetPort}")),
            ["volumes"] = new JsonArray(new JsonObject { ["name"] = $"{store.Name}-data", ["target"] = "/data", ["readOnly"] = false }),
            ["env"] = new JsonObject { ["MINIO_ROOT_USER"] = accessKey, ["MINIO_ROOT_PASSWORD"] = secretKey },
            ["bindings"] = Bindings(store),
        };
    }

    private static JsonObject Project(PublishContext context, ProjectResource project, string? routeTable)
    {
        var node = new JsonObject
        {
            ["type"] = "project.v0",
            ["path"] = Relative(context, project.Project.ProjectPath),
        };
        if (Args(project) is { } args)
        {
            node["args"] = args;
        }

        var env = Environment(project);
        env["ASPNETCORE_URLS"] = "http://+:{" + project.Name + ".bindings.http.targetPort}";
        if (routeTable is not null)
        {
            env["Gateway__RouteTable"] = routeTable;
        }

        node["env"] = env;
        node["bindings"] = Bindings(project);
        return node;
    }

    private static JsonObject Executable(PublishContext context, ExecutableResource executable)
    {
        var node = new JsonObject
        {
            ["type"] = "executable.v0",
            ["workingDirectory"] = Relative(context, executable.WorkingDirectory),
            ["command"] = executable.Command,
        };
        if (Args(executable) is { } args)
        {
            node["args"] = args;
        }

        node["env"] = Environment(executable);
        node["bindings"] = Bindings(executable);
        return node;
    }

    /// <summary>The variables the resource gets, with references as Aspire's placeholders and local paths left out.</summary>
    private static JsonObject Environment(IResource resource)
    {
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["OTEL_SERVICE_NAME"] = resource.Name };
        foreach (var target in resource.Annotations.OfType<ReferenceAnnotation>().Select(r => r.Target))
        {
            if (target is IResourceWithConnectionString)
            {
                env[$"ConnectionStrings__{target.Name}"] = $"{{{target.Name}.connectionString}}";
                continue;
            }

            foreach (var endpoint in target.Annotations.OfType<EndpointAnnotation>())
            {
                env[$"services__{target.Name}__{endpoint.Name}__0"] = $"{{{target.Name}.bindings.{endpoint.Name}.url}}";
            }
        }

        foreach (var variable in resource.Annotations.OfType<EnvironmentAnnotation>())
        {
            env[variable.Name] = variable.Value;
        }

        if (resource is ProjectResource)
        {
            env["Serving__GrpcPort"] = resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == EndpointAnnotation.Grpc)
                ? $"{{{resource.Name}.bindings.grpc.targetPort}}"
                : "-1";
        }

        // The route table's local path is this machine's; the gateway's entry names the file written beside the manifest.
        env.Remove("Gateway__RouteTable");
        var node = new JsonObject();
        foreach (var (name, value) in env)
        {
            node[name] = value;
        }

        return node;
    }

    private static JsonObject Bindings(IResource resource)
    {
        var bindings = new JsonObject();
        foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
        {
            bindings[endpoint.Name] = new JsonObject
            {
                ["scheme"] = "http",
                ["protocol"] = "tcp",
                ["transport"] = endpoint.Name == EndpointAnnotation.Grpc ? "http2" : "http",
                ["targetPort"] = endpoint.TargetPort,
            };
        }

        return bindings;
    }

    private static JsonArray? Args(IResource resource)
    {
        var args = resource.Annotations.OfType<CommandLineArgsAnnotation>().SelectMany(a => a.Args).ToList();
        return args.Count == 0 ? null : new JsonArray([.. args.Select(a => (JsonNode)a)]);
    }

    private static string Relative(PublishContext context, string path) =>
        Path.GetRelativePath(context.AppHostDirectory, path).Replace(Path.DirectorySeparatorChar, '/');
}
