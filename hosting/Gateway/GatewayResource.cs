using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Variables;
using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.Gateway;

/// <summary>
/// The gateway: Modelplane's ingress, routing every InferenceService of the graph by host and path, splitting traffic
/// between revisions and balancing replicas, with the settings the AppHost passes on and its API keys.
/// </summary>
public sealed class GatewayResource(string name, ServiceProject project, string domain, string routeTablePath, int? fixedPort)
    : ProjectResource(name), IServiceProcess, IModelplaneService
{
    private readonly List<GatewayApiKey> _apiKeys = [];
    private readonly List<KeyValuePair<string, string>> _settings = [];

    /// <inheritdoc />
    public ServiceProject Project { get; } = project;

    /// <summary>The domain of service hosts, <c>{service}.{namespace}.{domain}</c>.</summary>
    public string Domain { get; } = domain;

    /// <summary>Where a local run writes the route table the gateway reads.</summary>
    public string RouteTablePath { get; } = routeTablePath;

    /// <inheritdoc />
    public LocalEndpoints? Endpoints { get; internal set; }

    /// <summary>The port the AppHost asked for (8080 in the sample), which must be free when a local run starts; null for any.</summary>
    public int? FixedPort { get; } = fixedPort;

    /// <inheritdoc />
    public bool HasGrpc => true;

    /// <inheritdoc />
    public string ReadinessPath => ServicePorts.ReadyPath;

    /// <inheritdoc />
    public string? Instance { get; internal set; }

    /// <summary>The gateway's settings the AppHost passes on (<c>Gateway:*</c> of its configuration), as environment variables.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings => _settings;

    /// <summary>The API keys every inference request must carry one of; none lets every request through.</summary>
    public IReadOnlyList<GatewayApiKey> ApiKeys => _apiKeys;

    /// <summary>The host a service answers on.</summary>
    public string HostOf(string service, string @namespace) => $"{service}.{@namespace}.{Domain}";

    internal void AddSetting(string name, string value) => _settings.Add(new(name, value));

    internal void AddApiKey(GatewayApiKey key) => _apiKeys.Add(key);
}
