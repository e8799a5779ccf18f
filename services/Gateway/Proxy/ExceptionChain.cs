using System.Net.Sockets;

namespace Modelplane.Gateway.Proxy;

/// <summary>Reads a forwarding or probing failure's exception and its inner ones, where the cause a client needs to hear sits deepest.</summary>
internal static class ExceptionChain
{
    /// <summary>The first exception of type <typeparamref name="T"/> in the chain, or null.</summary>
    public static T? Find<T>(Exception? e)
        where T : Exception => e switch
        {
            null => null,
            T found => found,
            _ => Find<T>(e.InnerException),
        };

    /// <summary>What failed, for a log line or an answer: <c>connection refused</c>, or the innermost exception's message.</summary>
    public static string Reason(Exception e) => IsConnectionRefused(e) ? "connection refused" : Innermost(e)!.Message;

    /// <summary>Whether the connection could not be made at all, so no byte of the request reached the replica.</summary>
    public static bool IsConnectionRefused(Exception e) =>
        Find<SocketException>(e) is { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable };

    /// <summary>The innermost exception, whose message names the cause.</summary>
    public static Exception? Innermost(Exception? e) => e?.InnerException is { } inner ? Innermost(inner) : e;
}
