using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Gpus;

/// <summary>
/// How a local run uses this machine's GPUs. A predictor whose spec asks for <c>nvidia.com/gpu</c> runs the predictor's
/// GPU flavour with CUDA, each replica on its own share of the devices (<see cref="GpuAssignment"/>). Where that cannot
/// be (no GPU here, or the flavour not built) it runs on the CPU instead, as a laptop user trying a cluster's spec
/// wants: the console says so once, naming every such predictor, and each shows it in the dashboard. A service
/// annotated <c>modelplane.io/gpu: required</c> is refused there instead.
/// </summary>
internal sealed class LocalGpus
{
    /// <summary>The dashboard property of a component that asks for GPUs.</summary>
    public const string Property = "modelplane.gpu";

    private LocalGpus(MachineGpus machine) => Machine = machine;

    /// <summary>What this machine offers.</summary>
    public MachineGpus Machine { get; }

    /// <summary>Whether predictors that ask for GPUs run on them here: there are devices, and the GPU flavour is built.</summary>
    public bool Usable => Machine.Devices.Count > 0 && Machine.FlavourBuilt;

    /// <summary>
    /// Decides, for the components the graph has, whether the predictors that ask for GPUs get them: looks at the
    /// machine (unless <see cref="ModelplaneGraph.MachineGpus"/> is already known), and adds the warning or the problems
    /// to the graph. Null when no component asks for GPUs, so a run without any never looks.
    /// </summary>
    public static LocalGpus? Decide(ModelplaneGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (MachineGpus.Problem(graph.Configuration) is { } problem)
        {
            graph.AddProblem(problem);
            return null;
        }

        var asking = graph.Resources<ComponentResource>().Where(c => c.UsesGpus).ToList();
        if (asking.Count == 0)
        {
            return null;
        }

        var machine = graph.MachineGpus ??= MachineGpus.Find(graph.Configuration, asking[0].Project);
        var gpus = new LocalGpus(machine);
        if (gpus.Usable)
        {
            return gpus;
        }

        var why = machine.Devices.Count == 0
            ? $"this machine has no GPU ({machine.FoundBy})"
            : $"the predictor's GPU flavour is not built ({Path.GetRelativePath(Directory.GetCurrentDirectory(), machine.Flavour.AssemblyPath)}); build it with '{GpuFlavour.BuildCommand(asking[0].Project)}'";
        var required = asking.Select(c => c.Service).Distinct().Where(s => s.Spec.Annotations.Find(ModelplaneAnnotations.Gpu) == ModelplaneAnnotations.GpuRequired).ToList();
        foreach (var service in required)
        {
            graph.AddProblem(Refused(service.Spec, $"InferenceService {service.Name} asks for GPUs with {ModelplaneAnnotations.Gpu}: {ModelplaneAnnotations.GpuRequired}, and {why}; run it on a machine with an NVIDIA GPU, or make it {ModelplaneAnnotations.GpuOptional} to run it on the CPU here"));
        }

        var onCpu = asking.Where(c => !required.Contains(c.Service)).Select(c => c.Name).ToList();
        if (onCpu.Count > 0)
        {
            graph.AddWarning($"{string.Join(", ", onCpu)} asked for GPUs and {(onCpu.Count == 1 ? "runs" : "run")} on the CPU: {why}");
        }

        return gpus;
    }

    /// <summary>The build a component's replicas run: the GPU flavour for a predictor that runs on GPUs here.</summary>
    public ServiceProject ProjectFor(ComponentResource component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return component.UsesGpus && Usable ? Machine.Flavour : component.Project;
    }

    /// <summary>
    /// Once every component has its replicas: gives each replica of a predictor on GPUs its devices, and each component
    /// that asks for GPUs a line in the dashboard saying what it got.
    /// </summary>
    public void Assign(ModelplaneGraph graph, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var asking = graph.Resources<ComponentResource>().Where(c => c.UsesGpus).ToList();
        var onGpus = Usable ? asking : [];
        var assigned = GpuAssignment.Assign(Machine.Devices, [.. onGpus.Select(c => new GpuAsk(c.Name, c.ReplicaResources.Count, c.Spec.Resources.Gpus!.Value))], problems);
        for (var i = 0; i < onGpus.Count; i++)
        {
            for (var replica = 0; replica < assigned[i].Count; replica++)
            {
                onGpus[i].ReplicaResources[replica].Gpus = assigned[i][replica];
            }
        }

        foreach (var component in asking)
        {
            var asked = component.Spec.Resources.Gpus!.Value;
            var shown = Usable
                ? string.Create(CultureInfo.InvariantCulture, $"{asked} per replica, CUDA: {string.Join("; ", component.ReplicaResources.Select(r => string.Create(CultureInfo.InvariantCulture, $"replica {r.Index}: GPU {string.Join(",", r.Gpus ?? [])}")))}")
                : string.Create(CultureInfo.InvariantCulture, $"asked for {asked}, {(Machine.Devices.Count == 0 ? "none present" : "the GPU flavour is not built")}; running on the CPU");
            var initial = component.Annotations.OfType<ResourceSnapshotAnnotation>().Last().InitialSnapshot;
            graph.Builder.CreateResourceBuilder(component).WithInitialState(initial with
            {
                Properties = [.. initial.Properties.Where(p => p.Name != Property), new(Property, shown) { DisplayName = "GPU" }],
            });
        }
    }

    // Where the service's annotations are written, as spec errors point there.
    private static string Refused(InferenceServiceSpec spec, string message)
    {
        if (spec.Source is not { } source)
        {
            return message;
        }

        var at = source.Locate(null, null, SpecField.Annotations);
        return ComponentExpansion.Relative(new SpecDiagnostic(SpecSeverity.Error, source.File, at.Line, at.Path, message));
    }
}
