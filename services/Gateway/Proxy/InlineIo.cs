using System.Reflection;

namespace Modelplane.Gateway.Proxy;

/// <summary>
/// The gateway runs socket completions and its request pipeline on the socket event threads instead of handing
/// each read to the thread pool. It does no blocking work per request (routing, a key check, header copies,
/// asynchronous body copies), so the two hand-offs it saves per read are most of what a hop costs on a small machine:
/// the gateway bench measures both settings. <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0</c> turns it off.
/// </summary>
internal static class InlineIo
{
    /// <summary>The runtime's switch; it is read once, when the process opens its first socket.</summary>
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Whether sockets complete inline in this process, and so whether Kestrel should schedule inline too.</summary>
    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>
    /// Switches inline completions on unless the variable is set; call it before anything opens a socket. Only when
    /// the gateway is the process: hosted in another (a test), sockets already run and the variable would only
    /// reach that process's children.
    /// </summary>
    public static void EnableUnlessSet()
    {
        if (Assembly.GetEntryAssembly() == typeof(InlineIo).Assembly && Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, "1");
        }
    }
}
