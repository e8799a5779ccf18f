using System.Globalization;
using System.Net.Sockets;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Errors;

namespace Modelplane.Serving.Client;

/// <summary>
/// What the REST and gRPC clients share: the target, each call's deadline and connection retries, and the messages of
/// its failures, so both transports fail alike. The server's own refusals keep their status; a server that cannot be
/// reached or does not answer in time is a 503 that names it, and one that answers outside the protocol a 502.
/// </summary>
internal sealed class InferenceCalls(IOptions<InferenceClientOptions> options, IConfiguration configuration)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);

    private InferenceTarget? _target;

    public InferenceClientOptions Options => options.Value;

    /// <summary>
    /// Where calls go, settled at first use: the settings are checked when the server starts, which is after the
    /// services, and so this client, are built.
    /// </summary>
    public InferenceTarget Target => _target ??= ResolveTarget();

    /// <summary>
    /// Runs <paramref name="send"/> within the configured timeout, again after a connection that could not be opened
    /// (nothing was sent, so nothing runs twice), and turns a timeout or an unreachable server into its message.
    /// </summary>
    public async Task<T> RunAsync<T>(InferenceCall call, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        var target = Target;
        var timeout = TimeSpan.FromSeconds(Options.TimeoutSeconds);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return await send(deadline.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (attempt < Options.ConnectRetries && IsConnectFailure(e))
                {
                    await Task.Delay(FirstRetryDelay * Math.Pow(4, attempt), deadline.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // The caller gave up; that is theirs to know, not a failure of the server.
            throw new OperationCanceledException($"{call.What} was cancelled", e, cancellationToken);
        }
        catch (Exception e) when (e is RpcException { StatusCode: StatusCode.DeadlineExceeded } || (deadline.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled }))
        {
            throw InferenceException.Unavailable(
                string.Create(CultureInfo.InvariantCulture, $"{target.Description} did not answer {call.What} within {timeout.TotalSeconds:0.###} s ({Options.KeyOf(nameof(InferenceClientOptions.TimeoutSeconds))})"),
                e);
        }
        catch (Exception e) when (UnreachableReason(e) is { } reason)
        {
            throw InferenceException.Unavailable($"{target.Description} is unreachable for {call.What}: {reason}", e);
        }
    }

    /// <summary>The server's answer of <paramref name="status"/> to <paramref name="call"/>, passed on with that status and the server's message.</summary>
    public InferenceException Answered(InferenceCall call, int status, string message) => InferenceException.FromStatus(status, status switch
    {
        StatusCodes.Status400BadRequest => $"the predictor refused the request for {call.Subject}: {message}",
        StatusCodes.Status413PayloadTooLarge => $"the predictor refused the request for {call.Subject} as too large: {message}",
        StatusCodes.Status404NotFound => $"{Target.Description} does not serve {call.Subject}: {message}",
        StatusCodes.Status503ServiceUnavailable => $"{Target.Description} is not ready for {call.What}: {message}",
        _ => string.Create(CultureInfo.InvariantCulture, $"{Target.Description} answered {status} to {call.What}: {message}"),
    });

    /// <summary>An answer that is not what the protocol says: the server is broken, not the request, so a 502.</summary>
    public InferenceException Unreadable(InferenceCall call, string problem, Exception? cause = null) =>
        InferenceException.FromStatus(StatusCodes.Status502BadGateway, $"{Target.Description} answered {call.What} with a body that is not the protocol's: {problem}", cause);

    // Connection refused: nothing reached the server. A reset or a name that does not resolve is not retried. gRPC
    // passes on the socket's own exception where REST wraps it.
    private static bool IsConnectFailure(Exception? e) => e switch
    {
        RpcException { StatusCode: StatusCode.Unavailable } rpc => IsConnectFailure(rpc.Status.DebugException),
        HttpRequestException http => http.HttpRequestError == HttpRequestError.ConnectionError,
        SocketException socket => socket.SocketErrorCode == SocketError.ConnectionRefused,
        _ => false,
    };

    // gRPC reports a transport failure as UNAVAILABLE with the transport's exception; without one, UNAVAILABLE is the server's own answer.
    private static string? UnreachableReason(Exception e) => e switch
    {
        HttpRequestException http => http.Message,
        RpcException { StatusCode: StatusCode.Unavailable, Status.DebugException: { } transport } => transport.Message,
        _ => null,
    };

    private InferenceTarget ResolveTarget()
    {
        var key = Options.KeyOf(nameof(InferenceClientOptions.Address));
        if (string.IsNullOrWhiteSpace(Options.Address))
        {
            throw InferenceException.Unavailable($"no predictor to call: {key} is not set");
        }

        return InferenceTarget.Resolve(Options.Address, Options.Protocol, configuration, out var problem)
            ?? throw InferenceException.Unavailable($"{key} {problem}");
    }
}
