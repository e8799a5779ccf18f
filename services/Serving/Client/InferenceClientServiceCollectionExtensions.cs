using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Grpc.V2;

namespace Modelplane.Serving.Client;

/// <summary>Registers the <see cref="IInferenceClient"/> a server calls its model server with.</summary>
public static class InferenceClientServiceCollectionExtensions
{
    // Connections are recycled by the handler, which is never replaced, so a long-lived client still sees DNS changes.
    private static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Adds one <see cref="IInferenceClient"/>, its settings read from <paramref name="sectionName"/> after
    /// <paramref name="configure"/> has set the server's defaults and the older keys it still reads (with
    /// <see cref="InferenceClientOptions.ReadFromAlias"/>), so a key of the section wins over both. Calls go through
    /// <see cref="IHttpClientFactory"/> (REST) and Grpc.Net.Client (gRPC) with pooled connections and the host's service
    /// discovery, but without the host's retrying handler: an inference the server already ran must not run twice, and a
    /// server that is down is better told at once than after back-offs.
    /// </summary>
    public static IServiceCollection AddInferenceClient(
        this IServiceCollection services, IConfiguration configuration, string sectionName = InferenceClientOptions.Section, Action<InferenceClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionName);
        services.AddOptions<InferenceClientOptions>()
            .Configure(options =>
            {
                options.SectionName = sectionName;
                configure?.Invoke(options);
                InferenceClientConfiguration.Read(configuration.GetSection(sectionName), options);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceClientOptions>>(new InferenceClientOptionsValidator(configuration)));
        services.TryAddSingleton(provider => new InferenceCalls(provider.GetRequiredService<IOptions<InferenceClientOptions>>(), configuration));

        services.AddHttpClient(RestInferenceClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = ConnectionLifetime, AutomaticDecompression = DecompressionMethods.None })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .WithoutRetries();
        services.AddGrpcClient<GRPCInferenceService.GRPCInferenceServiceClient>(
                GrpcInferenceClient.GrpcClientName, (provider, client) => client.Address = provider.GetRequiredService<InferenceCalls>().Target.BaseAddress)
            .ConfigureChannel(channel =>
            {
                // Tensors are as large as the model takes; the server's body limit is what bounds them.
                channel.MaxReceiveMessageSize = null;
                channel.MaxSendMessageSize = null;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = ConnectionLifetime, EnableMultipleHttp2Connections = true })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .WithoutRetries();

        services.TryAddSingleton<RestInferenceClient>();
        services.TryAddSingleton<GrpcInferenceClient>();
        services.TryAddSingleton<IInferenceClient, InferenceClient>();
        return services;
    }

    // Service defaults give every client the standard resilience handler; this is the one way to take it off a client.
    private static IHttpClientBuilder WithoutRetries(this IHttpClientBuilder client) =>
#pragma warning disable EXTEXP0001 // Evaluation API, but the documented way to opt one client out of the defaults.
        client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
}
