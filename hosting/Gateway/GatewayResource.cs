using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting.Gateway;

/// <summary>The gateway: a project resource that routes the graph's InferenceServices, on hosts of <see cref="Domain"/>.</summary>
public sealed class GatewayResource(string name, IProjectMetadata project, string domain) : ProjectResource(name, project)
{
    /// <summary>The domain of service hosts, <c>{service}.{namespace}.{domain}</c>.</summary>
    public string Domain { get; } = domain;

    /// <summary>The host a service answers on.</summary>
    public string HostOf(string service, string @namespace) => $"{service}.{@namespace}.{Domain}";
}
