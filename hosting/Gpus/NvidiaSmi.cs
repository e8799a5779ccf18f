using System.Diagnostics;
using System.Text.RegularExpressions;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Gpus;

/// <summary>The GPUs NVIDIA's driver tool lists (<c>nvidia-smi -L</c>); a machine without the tool has none.</summary>
internal static partial class NvidiaSmi
{
    // The driver answers at once; a tool that hangs (a wedged driver) must not hold the AppHost's start.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The devices listed, and how that was found out, which says why when there are none.</summary>
    public static (EquatableList<string> Devices, string FoundBy) List()
    {
        if (ProgramPath.Find("nvidia-smi") is not { } program)
        {
            return ([], "nvidia-smi is not installed");
        }

        var start = new ProcessStartInfo(program, "-L") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Patience))
        {
            process.Kill(entireProcessTree: true);
            return ([], $"nvidia-smi -L did not answer within {Patience.TotalSeconds:0} s");
        }

        if (process.ExitCode != 0)
        {
            var said = $"{output.Result}\n{error.Result}".Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            return ([], $"nvidia-smi -L failed: {said ?? $"exit code {process.ExitCode}"}");
        }

        var devices = Parse(output.Result);
        return (devices, devices.Count == 0 ? "nvidia-smi -L lists none" : "nvidia-smi -L");
    }

    /// <summary>
    /// The device indexes of <c>nvidia-smi -L</c>'s lines (<c>GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-...)</c>); the
    /// indented MIG lines under a GPU are parts of it, not devices of their own.
    /// </summary>
    public static EquatableList<string> Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return EquatableList.From(GpuLine().Matches(output).Select(m => m.Groups["index"].Value));
    }

    [GeneratedRegex(@"^GPU (?<index>\d+): ", RegexOptions.Multiline)]
    private static partial Regex GpuLine();
}
