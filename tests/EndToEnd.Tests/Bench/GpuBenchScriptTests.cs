using System.Diagnostics;
using System.Runtime.Versioning;

namespace Modelplane.EndToEnd.Tests.Bench;

/// <summary>
/// bench/gpu/run cannot run here (no GPU), so what can be checked is: it parses, its help says what it needs, and on a
/// machine without a usable GPU it refuses in one line on stderr with a non-zero exit, before it builds anything. A
/// stand-in nvidia-smi and ldconfig first on PATH make each case the same on every machine, one with a GPU included.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class GpuBenchScriptTests : IDisposable
{
    private static readonly string Script = RepositoryRoot.Combine("bench", "gpu", "run");
    private readonly TemporaryDirectory _tools = new("modelplane-gpu-bench");

    public void Dispose() => _tools.Dispose();

    [Fact]
    public async Task It_parses_and_its_help_says_what_it_needs()
    {
        var syntax = await RunAsync(["-n", Script]);
        var help = await RunAsync([Script, "--help"]);

        Assert.True(syntax.ExitCode == 0, syntax.Output);
        Assert.True(help.ExitCode == 0, help.Output);
        foreach (var needed in (string[])["an NVIDIA GPU with its driver", "the CUDA 13 and cuDNN 9 libraries on LD_LIBRARY_PATH", "TensorRT 10 (libnvinfer.so.10) is optional", "the .NET 10 SDK", "within 1e-3 (absolute)", "exits non-zero"])
        {
            Assert.Contains(needed, help.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("echo 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.'; exit 9", "bench/gpu/run: no NVIDIA GPU here: nvidia-smi -L failed: NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.")]
    [InlineData("echo 'No devices were found'", "bench/gpu/run: no NVIDIA GPU here: nvidia-smi -L lists none")]
    [InlineData("echo 'GPU 0: NVIDIA L4 (UUID: GPU-00000000-0000-0000-0000-000000000000)'", "bench/gpu/run: libcudart.so.13 is not on LD_LIBRARY_PATH; install CUDA 13 and cuDNN 9 and add their lib directories to LD_LIBRARY_PATH")]
    public async Task Without_a_usable_gpu_it_refuses_in_one_line_and_exits_non_zero(string nvidiaSmi, string refusal)
    {
        Tool("nvidia-smi", nvidiaSmi);
        Tool("ldconfig", "exit 0");

        var run = await RunAsync([Script]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.StandardOutput);
        Assert.Equal([$"{refusal} (see bash bench/gpu/run --help)"], run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private void Tool(string name, string body)
    {
        var path = _tools.Combine(name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private async Task<(int ExitCode, string StandardOutput, string StandardError, string Output)> RunAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepositoryRoot.FullPath };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = $"{_tools.FullPath}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["LD_LIBRARY_PATH"] = _tools.FullPath;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await output, await error, await output + await error);
    }
}
