using Microsoft.Extensions.Options;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Repository;

namespace Modelplane.Serving.Hosting;

/// <summary>What <c>GET /v2</c> and the <c>ServerMetadata</c> RPC say of this server: its name, version and protocol extensions.</summary>
public sealed class ServerInfo(IOptions<ServingOptions> options, ModelRepositoryController? repository = null)
{
    private static readonly string Version = typeof(ServerInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    // Built on first use: the options are validated when the server starts, after the endpoints that hold this are mapped.
    private readonly Lazy<ServerMetadata> _metadata = new(() => new ServerMetadata(
        options.Value.ServerName,
        Version,
        repository is null ? ["binary_tensor_data", "classification"] : ["binary_tensor_data", "classification", "model_repository"]));

    /// <summary>The server metadata.</summary>
    public ServerMetadata Metadata => _metadata.Value;
}
