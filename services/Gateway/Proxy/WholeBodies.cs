using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Modelplane.Gateway.Proxy;

/// <summary>
/// Sends a small request body in the same write as its headers. YARP streams every body: it flushes the headers
/// first, then copies the body as it arrives, so an inference request of a few hundred bytes crosses to its replica
/// in two writes, and the replica wakes for the headers and again for the body. Bodies up to
/// <see cref="GatewayOptions.WholeBodyBytes"/> with a known length are read whole first (they have usually arrived
/// with the headers), through YARP's own body copy so a client that sends less than it announced fails as it would
/// have; HttpClient then writes headers and body together. gRPC and <c>Expect: 100-continue</c> requests still stream.
/// </summary>
internal sealed class WholeBodies(ILogger<ForwarderHttpClientFactory> logger, IOptionsMonitor<GatewayOptions> options) : ForwarderHttpClientFactory(logger)
{
    /// <summary>Whether a body of <paramref name="contentLength"/> bytes is read whole before it is forwarded.</summary>
    public static bool Fit(long? contentLength, GatewayOptions settings) => contentLength > 0 && contentLength <= settings.WholeBodyBytes;

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new Reader(options) { InnerHandler = base.WrapHandler(context, handler) };

    private sealed class Reader(IOptionsMonitor<GatewayOptions> options) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var settings = options.CurrentValue;
            if (request.Content is { } content && Fit(content.Headers.ContentLength, settings) && request.Headers.ExpectContinue != true
                && content.Headers.ContentType?.MediaType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
            {
                await content.LoadIntoBufferAsync(settings.WholeBodyBytes, cancellationToken);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
