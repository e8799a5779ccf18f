using System.Collections;

namespace Modelplane.Hosting.Processes;

/// <summary>
/// Reduces the AppHost's own environment, before DCP and everything it runs are started from it, to what any process
/// needs to run here (the search path, home, locale, temporary directory, proxies, certificates, the .NET host's
/// settings). Whatever else the AppHost was given (a secret, a store's keys, a service's settings) reaches only the
/// processes the graph passes it to, as their own variables.
/// </summary>
internal static class AmbientEnvironment
{
    private static readonly string[] Kept =
    [
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TERM", "COLORTERM", "NO_COLOR",
        "TMPDIR", "TMP", "TEMP", "LD_LIBRARY_PATH", "SSL_CERT_FILE", "SSL_CERT_DIR",
        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
    ];

    private static readonly string[] KeptPrefixes = ["LC_", "XDG_", "DOTNET_", "COMPlus_"];

    /// <summary>Whether a process the AppHost starts inherits <paramref name="name"/>.</summary>
    public static bool IsKept(string name) =>
        Kept.Contains(name, StringComparer.Ordinal) || KeptPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Removes every variable that is not kept from this process's environment.</summary>
    public static void Reduce()
    {
        foreach (var name in System.Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => !IsKept(n)).ToList())
        {
            System.Environment.SetEnvironmentVariable(name, null);
        }
    }
}
