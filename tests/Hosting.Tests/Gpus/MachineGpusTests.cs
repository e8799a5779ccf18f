using Microsoft.Extensions.Configuration;
using Modelplane.Hosting.Gpus;
using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.Tests.Gpus;

/// <summary>
/// How a local run finds this machine's GPUs: <c>Modelplane:Gpus</c> when set (checked, with what to write instead),
/// else the devices <c>nvidia-smi -L</c> lists; and where the predictor's GPU flavour is built and with what command.
/// </summary>
public sealed class MachineGpusTests
{
    [Fact]
    public void Nvidia_smi_lines_give_the_device_indexes_and_mig_parts_are_not_devices()
    {
        const string Output = """
            GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-1d5c3a8e-5a8f-4b0e-9e1e-3c6a0f4b2d11)
              MIG 1g.5gb      Device  0: (UUID: MIG-7e8f9a0b-1c2d-5e3f-8a4b-5c6d7e8f9a0b)
            GPU 1: NVIDIA A100-SXM4-40GB (UUID: GPU-2e6d4b9f-6b90-4c1f-af2f-4d7b1a5c3e22)
            """;

        Assert.Equal(["0", "1"], NvidiaSmi.Parse(Output));
        Assert.Empty(NvidiaSmi.Parse("No devices were found\n"));
    }

    [Theory]
    [InlineData("0,1", new[] { "0", "1" })]
    [InlineData(" 2 , 0 ", new[] { "2", "0" })]
    [InlineData("none", new string[0])]
    [InlineData("None", new string[0])]
    public void The_setting_names_device_ids_or_none(string setting, string[] devices)
    {
        Assert.Equal(devices, MachineGpus.Parse(setting));
        Assert.Null(MachineGpus.Problem(Configuration(setting)));
    }

    [Theory]
    [InlineData("all")]
    [InlineData("0,,1")]
    [InlineData("-1")]
    [InlineData("0,0")]
    [InlineData("GPU-1d5c3a8e")]
    public void A_setting_that_is_not_a_list_of_device_ids_is_a_problem_saying_what_it_takes(string setting)
    {
        Assert.Null(MachineGpus.Parse(setting));
        Assert.Equal($"Modelplane:Gpus is '{setting}', not a comma-separated list of GPU device ids (such as 0,1) or none", MachineGpus.Problem(Configuration(setting)));
    }

    [Fact]
    public void The_setting_wins_over_the_machine_and_none_says_so()
    {
        var none = MachineGpus.Find(Configuration("none"), ServiceProject.Predictor);
        var two = MachineGpus.Find(Configuration("0,1"), ServiceProject.Predictor);

        Assert.Empty(none.Devices);
        Assert.Equal("Modelplane:Gpus is none", none.FoundBy);
        Assert.Equal(["0", "1"], two.Devices);
        Assert.Equal("Modelplane:Gpus", two.FoundBy);
    }

    [Fact]
    public void The_gpu_flavour_is_the_predictor_built_under_bin_gpu_in_the_configuration_of_the_apphost()
    {
        // These tests run from bin/{configuration}/net10.0/, as the predictor they were built with.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

        var flavour = GpuFlavour.Of(ServiceProject.Predictor);

        Assert.Equal(RepositoryRoot.Combine("services", "Predictor", "bin", "gpu", configuration, "net10.0", "Modelplane.Predictor.dll"), flavour.AssemblyPath);
        Assert.Equal(ServiceProject.Predictor.ProjectPath, flavour.ProjectPath);
        Assert.Equal(
            $"dotnet build {Path.GetRelativePath(Directory.GetCurrentDirectory(), RepositoryRoot.Combine("services", "Predictor"))}{(configuration == "Debug" ? string.Empty : $" -c {configuration}")} -p:OnnxRuntimeFlavor=Gpu",
            GpuFlavour.BuildCommand(ServiceProject.Predictor));
    }

    private static IConfiguration Configuration(string gpus) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Modelplane:Gpus"] = gpus }).Build();
}
