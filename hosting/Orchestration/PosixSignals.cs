using System.Runtime.InteropServices;

namespace Modelplane.Hosting.Orchestration;

/// <summary>Asks a child to stop as <c>kubectl delete pod</c> and Ctrl+C do: SIGTERM, which .NET services turn into a graceful shutdown.</summary>
internal static partial class PosixSignals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM to <paramref name="processId"/>; false when it is already gone or the platform has no signals.</summary>
    public static bool Terminate(int processId) => !OperatingSystem.IsWindows() && Kill(processId, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
