namespace Modelplane.Hosting.Specs.Reading;

/// <summary>Components KServe and KFServing write alike: a custom container, and an explainer method such as alibi.</summary>
internal static class ServingComponents
{
    /// <summary>A custom container; KServe's storage initializer fetches its <c>STORAGE_URI</c>, so that is its model's location.</summary>
    public static ComponentSpec ReadCustom(YamlMap container, ComponentScope scope)
    {
        var spec = ContainerReader.ReadContainerFields(container, scope);
        var resources = ContainerReader.ReadResources(container);
        container.ReportUnknown("a container");
        var storageUri = spec?.Env.Find("STORAGE_URI");
        if (storageUri is not null)
        {
            scope.Locate(SpecField.StorageUri, container, "env");
        }

        return new ComponentSpec
        {
            Model = storageUri is null ? null : new ModelSpec { StorageUri = storageUri },
            Container = spec,
            Resources = resources,
        };
    }

    /// <summary>An alibi or art explainer: its type and configuration become settings, its saved state the model.</summary>
    public static ComponentSpec ReadExplainerMethod(YamlMap? map, string method, ComponentScope scope)
    {
        if (map is null)
        {
            return new ComponentSpec();
        }

        scope.Locate(SpecField.Format, map, "type");
        scope.Locate(SpecField.StorageUri, map, "storageUri");
        var type = map.RequiredString("type", "name the explainer's method, e.g. type: AnchorTabular");
        var config = map.StringMap("config");
        if (config.ContainsKey("type"))
        {
            map.Warn("config", "a config key named type is replaced by the explainer's type");
        }

        var component = new ComponentSpec
        {
            Model = new ModelSpec { Format = new ModelFormat(method), StorageUri = map.String("storageUri"), RuntimeVersion = map.String("runtimeVersion") },
            Container = ContainerReader.ReadContainerFields(map, scope),
            Resources = ContainerReader.ReadResources(map),
            Settings = type is null ? config : config.With("type", type),
        };
        map.ReportUnknown($"the {method} explainer (type, storageUri, runtimeVersion, config and container fields)");
        return component;
    }
}
