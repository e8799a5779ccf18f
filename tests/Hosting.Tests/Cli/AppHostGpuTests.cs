using System.Net;
using System.Net.Sockets;

namespace Modelplane.Hosting.Tests.Cli;

/// <summary>
/// The AppHost's console on a machine without a GPU: one warning line names the predictors that asked for GPUs and run
/// on the CPU, and a service that requires a GPU stops the start, naming it.
/// </summary>
[Collection("AppHost processes")]
public sealed class AppHostGpuTests
{
    [Fact]
    public async Task Without_a_gpu_the_apphost_says_once_which_predictors_run_on_the_cpu_and_refuses_a_service_that_requires_one()
    {
        using var data = new TemporaryDirectory("apphost-gpu");
        using var specs = new TemporaryDirectory("apphost-gpu-specs");
        await File.WriteAllTextAsync(specs.Combine("iris-gpu.yaml"), Spec("iris-gpu", annotation: null));
        await File.WriteAllTextAsync(specs.Combine("iris-gpu-2.yaml"), Spec("iris-gpu-2", annotation: null));

        // A held gateway port stops the start once the warnings are out, before any replica runs.
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var onCpu = await AppHostCommand.RunAsync("run", $"--Modelplane:DataDirectory={data.FullPath}", $"--Modelplane:Endpoints:gateway:http={port}", "--Modelplane:Gpus=none", $"--Modelplane:Specs={specs.FullPath}");

        Assert.Equal(
            ["warning: iris-gpu-2-predictor-default, iris-gpu-predictor-default asked for GPUs and run on the CPU: this machine has no GPU (Modelplane:Gpus is none)"],
            onCpu.StandardOutput.Split('\n').Where(l => l.Contains("GPU", StringComparison.Ordinal)));
        Assert.Contains($"error: gateway: port {port} is already in use", onCpu.StandardOutput, StringComparison.Ordinal);

        await File.WriteAllTextAsync(specs.Combine("iris-gpu.yaml"), Spec("iris-gpu", annotation: "required"));
        var required = await AppHostCommand.RunAsync("run", $"--Modelplane:DataDirectory={data.FullPath}", "--Modelplane:Endpoints:gateway:http=0", "--Modelplane:Gpus=none", $"--Modelplane:Specs={specs.FullPath}");

        Assert.Equal(1, required.ExitCode);
        Assert.Matches(@"error: .*iris-gpu\.yaml:5: metadata\.annotations: InferenceService iris-gpu asks for GPUs with modelplane\.io/gpu: required, and this machine has no GPU \(Modelplane:Gpus is none\); run it on a machine with an NVIDIA GPU, or make it optional to run it on the CPU here", required.StandardOutput);
        Assert.Contains("nothing was started: fix the 1 problem above", required.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(data.FullPath, "stores")), "the store may not have started");
    }

    private static string Spec(string name, string? annotation) => $$"""
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: {{name}}
          annotations: {{{(annotation is null ? string.Empty : $"modelplane.io/gpu: {annotation}")}}}
        spec:
          predictor:
            model:
              modelFormat: {name: onnx}
              storageUri: s3://models/iris
              resources:
                limits: {nvidia.com/gpu: 1}
        """;
}
