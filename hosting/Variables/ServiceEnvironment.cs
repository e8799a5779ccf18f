using System.Globalization;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;
using Modelplane.Hosting.Storage;

namespace Modelplane.Hosting.Variables;

/// <summary>
/// The environment of every Modelplane service, written once: a local run gives it to each replica, and each publisher
/// writes it for its target, where <see cref="IPlacement"/> says what the addresses, connection strings and secrets are.
/// The names are Aspire's (<c>ASPNETCORE_URLS</c>, <c>services__{name}__{endpoint}__{i}</c>, <c>ConnectionStrings__{name}</c>)
/// and KServe's (<c>STORAGE_URI</c>).
/// </summary>
internal static class ServiceEnvironment
{
    /// <summary>The environment of a component.</summary>
    public static SortedDictionary<string, EnvironmentValue> Of(ComponentResource component, IPlacement placement)
    {
        var environment = Common(component, placement);
        environment[StorageVariables.ModelName] = component.ModelName;
        if (component.StorageUri is { } storageUri)
        {
            environment[StorageVariables.StorageUri] = storageUri;
        }

        if (component.Store is { } store)
        {
            environment[StorageVariables.StorageConnection] = store.Name;
            environment[$"ConnectionStrings__{store.Name}"] = placement.ConnectionString(store);
        }

        if (component.Predictor is { } predictor)
        {
            // The transformer and explainer find their revision's predictor as Aspire services find each other.
            environment[$"{component.Role}__Predictor"] = predictor.Name;
            foreach (var endpoint in (string[])[ServicePorts.Http, ServicePorts.Grpc])
            {
                var addresses = placement.Addresses(predictor, endpoint);
                for (var i = 0; i < addresses.Count; i++)
                {
                    environment[string.Create(CultureInfo.InvariantCulture, $"services__{predictor.Name}__{endpoint}__{i}")] = addresses[i];
                }
            }
        }

        if (placement.Gpus(component) is { } gpus)
        {
            foreach (var (name, value) in OfGpus(gpus))
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in component.Settings)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>
    /// What a predictor on GPUs is told: CUDA as ONNX Runtime's execution provider and, where it is given devices of its
    /// own, which; inside the process the first device it sees is device 0.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> OfGpus(GpuUse gpus)
    {
        ArgumentNullException.ThrowIfNull(gpus);
        yield return new("Serving__Onnx__ExecutionProvider", "cuda");
        if (gpus.Devices.Count > 0)
        {
            yield return new("CUDA_VISIBLE_DEVICES", string.Join(',', gpus.Devices));
            yield return new("Serving__Onnx__DeviceId", "0");
        }
    }

    /// <summary>The environment of the gateway.</summary>
    public static SortedDictionary<string, EnvironmentValue> Of(GatewayResource gateway, IPlacement placement)
    {
        var environment = Common(gateway, placement);
        environment["Gateway__RouteTable"] = placement.RouteTablePath(gateway);
        foreach (var (name, value) in gateway.Settings)
        {
            environment[name] = value;
        }

        for (var i = 0; i < gateway.ApiKeys.Count; i++)
        {
            var key = gateway.ApiKeys[i];
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Gateway__ApiKeys__{i}__");
            environment[prefix + "Name"] = key.Name;
            environment[prefix + "Key"] = placement.Secret(gateway, key.Key);
            for (var j = 0; j < key.Services.Count; j++)
            {
                environment[prefix + string.Create(CultureInfo.InvariantCulture, $"Services__{j}")] = key.Services[j];
            }
        }

        return environment;
    }

    private static SortedDictionary<string, EnvironmentValue> Common<T>(T service, IPlacement placement)
        where T : IModelplaneService
    {
        var environment = new SortedDictionary<string, EnvironmentValue>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = placement.ListenUrl(service),
            // A server without a gRPC endpoint listens for gRPC nowhere, rather than on the fixed default port.
            ["Serving__GrpcPort"] = service.HasGrpc ? placement.GrpcPort(service) : "-1",
        };
        if (placement.TelemetryName(service.Name) is { } telemetryName)
        {
            environment["OTEL_SERVICE_NAME"] = telemetryName;
        }

        if (placement.EnvironmentName is { } environmentName)
        {
            environment["DOTNET_ENVIRONMENT"] = environmentName;
            environment["ASPNETCORE_ENVIRONMENT"] = environmentName;
        }

        return environment;
    }
}
