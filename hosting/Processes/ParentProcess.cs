using System.Runtime.InteropServices;

namespace Modelplane.Hosting.Processes;

/// <summary>
/// Ties the AppHost's life to the <c>dotnet run</c> that started it: when that process dies, even killed outright, the
/// kernel sends the AppHost SIGTERM, and Aspire stops everything it runs. Aspire alone leaves the whole tree running
/// then. Only a <c>dotnet run</c> parent is followed, since it starts and waits for the AppHost on one thread, which
/// is what the kernel watches.
/// </summary>
internal static partial class ParentProcess
{
    private const int SetParentDeathSignal = 1;
    private const int SigTerm = 15;

    /// <summary>Asks for SIGTERM when a <c>dotnet run</c> parent dies; true when asked.</summary>
    public static bool StopWithDotnetRun()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var parent = GetParentProcessId();
        if (!IsDotnetRun(parent) || SetParentDeath(SetParentDeathSignal, SigTerm) != 0)
        {
            return false;
        }

        // The parent may have died before the request was made: then no signal comes, so the AppHost sends its own.
        if (GetParentProcessId() != parent)
        {
            _ = Kill(System.Environment.ProcessId, SigTerm);
        }

        return true;
    }

    private static bool IsDotnetRun(int pid)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return arguments.Length > 1 && Path.GetFileName(arguments[0]) == "dotnet" && arguments.Skip(1).Contains("run", StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int SetParentDeath(int option, ulong signal);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentProcessId();
}
