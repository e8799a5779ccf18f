using Aspire.Hosting;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Modelplane.Hosting.Dashboard;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Storage;

namespace Modelplane.Hosting;

/// <summary>
/// What Modelplane keeps about one Aspire AppHost: its settings (<c>Modelplane:*</c>), the problems that keep the graph
/// from running or publishing, and the step that turns every InferenceService into its components (and, in a local
/// run, their replicas) once the AppHost has said all it will about them. Aspire raises that step before it starts
/// anything (<c>BeforeStartEvent</c>); publishing and tests call <see cref="Complete"/> themselves.
/// </summary>
public sealed class ModelplaneGraph
{
    private readonly List<string> _problems = [];
    private readonly List<string> _warnings = [];
    private bool _completed;
    private bool _gpusPlaced;

    private ModelplaneGraph(IDistributedApplicationBuilder builder)
    {
        Builder = builder;
        AppHostSettings.Add(builder);
        if (builder.ExecutionContext.IsRunMode && !OperatingSystem.IsWindows())
        {
            DcpCertificate.Use(builder);
            StaleDcpSessions.Remove(Path.GetTempPath(), StaleDcpSessions.MinimumAge);
        }
    }

    /// <summary>The AppHost's builder.</summary>
    public IDistributedApplicationBuilder Builder { get; }

    /// <summary>The AppHost's configuration.</summary>
    public IConfiguration Configuration => Builder.Configuration;

    /// <summary>Whether this is a local run (Aspire's run mode), rather than publishing.</summary>
    public bool IsRunMode => Builder.ExecutionContext.IsRunMode;

    /// <summary>The AppHost project's directory: relative paths in the graph are taken from here.</summary>
    public string AppHostDirectory => Builder.AppHostDirectory;

    /// <summary>
    /// Where a local run keeps the store's objects, the gateway's route table and the run's state:
    /// <c>Modelplane:DataDirectory</c>, else <c>~/.modelplane/{apphost}-{hash of its directory}</c>.
    /// </summary>
    public string DataDirectory => Configuration["Modelplane:DataDirectory"] is { Length: > 0 } configured
        ? ResolvePath(configured)
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".modelplane", AppHostKey());

    /// <summary>The domain of service hosts, <c>{service}.{namespace}.{domain}</c>: <c>Modelplane:Domain</c>, KServe's <c>example.com</c> by default.</summary>
    public string Domain => Configuration["Modelplane:Domain"] is { Length: > 0 } configured ? configured : "example.com";

    /// <summary>
    /// The most replicas a component of a local run may scale to when its spec sets no maximum:
    /// <c>Modelplane:MaxReplicas</c>, else the machine's processor count (Knative's default is no bound; a laptop is one).
    /// </summary>
    public int MaxReplicas => Autoscaling.AutoscalingSettings.MaxReplicas(Configuration);

    /// <summary>
    /// Whether a local run follows the spec files it read (<c>Modelplane:FollowSpecs</c>, off unless set; Modelplane's
    /// AppHost sets it): a change to one rolls its InferenceService out to a new revision while the run goes on.
    /// </summary>
    public bool FollowsSpecs => bool.TryParse(Configuration["Modelplane:FollowSpecs"], out var follow) && follow;

    /// <summary>The directories of spec files the graph read, which a run that follows them watches.</summary>
    internal List<string> SpecDirectories { get; } = [];

    /// <summary>The InferenceGraphs the AppHost was given (spec files, <c>AddInferenceGraph</c>), read and checked; kept, not routed yet.</summary>
    internal List<Specs.InferenceGraphSpec> InferenceGraphs { get; } = [];

    /// <summary>What keeps the graph from running or publishing, one problem per entry, each naming where and what to change.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>What is worth telling the user but does not keep the graph from running (an unknown spec field).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>The resources of a kind, in the order they were added.</summary>
    public IEnumerable<T> Resources<T>() => Builder.Resources.OfType<T>();

    internal LocalPorts Ports { get; } = new();

    /// <summary>This machine's GPUs and the predictor's GPU flavour, looked at when a local run needs them; a test sets its own first.</summary>
    internal Gpus.MachineGpus? MachineGpus { get; set; }

    /// <summary>How the local run uses GPUs; null before <see cref="PlaceOnGpus"/>, or when no component asks for any.</summary>
    internal Gpus.LocalGpus? LocalGpus { get; private set; }

    /// <summary>Why a process of a local run could not be started, by resource, as Modelplane's own steps before its start found.</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<string, string> StartFailures { get; } = new(StringComparer.Ordinal);

    /// <summary>The Modelplane graph of a built AppHost.</summary>
    public static ModelplaneGraph Of(DistributedApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return application.Services.GetService<ModelplaneGraph>()
            ?? throw new InvalidOperationException("this AppHost adds nothing of Modelplane: add a model store, an InferenceService or the gateway to it first");
    }

    /// <summary>
    /// The Modelplane graph of <paramref name="builder"/>; the first call registers what Modelplane runs beside Aspire
    /// (its lifecycle events, the readiness checks, the supervisor of its processes and the dashboard's states).
    /// </summary>
    public static ModelplaneGraph Of(IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(ModelplaneGraph))?.ImplementationInstance is ModelplaneGraph existing)
        {
            return existing;
        }

        var graph = new ModelplaneGraph(builder);
        builder.Services.AddSingleton(graph);
        builder.Services.AddEventingSubscriber<ModelplaneLifecycle>();
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>>(new ReadinessChecks(graph));
        builder.Services.AddSingleton<LocalStorageInitializer>();
        builder.Services.AddSingleton<ProcessSupervisor>();
        builder.Services.AddSingleton<ServiceStates>();
        builder.Services.AddSingleton<Autoscaling.ReplicaPool>();
        builder.Services.AddSingleton<Autoscaling.Autoscaler>();
        builder.Services.AddSingleton<Autoscaling.StartFailures>();
        builder.Services.AddSingleton<Revisions.Rollouts>();
        builder.Services.AddSingleton<Revisions.SpecWatcher>();
        builder.Services.AddSingleton<Revisions.RolloutRequests>();
        builder.Services.AddSingleton<Revisions.ModelVersionWatcher>();
        return graph;
    }

    /// <summary>Records something that keeps the graph from running; every problem is reported at once.</summary>
    public void AddProblem(string problem) => _problems.Add(problem);

    /// <summary>Records something worth telling the user that does not keep the graph from running.</summary>
    public void AddWarning(string warning) => _warnings.Add(warning);

    /// <summary>A path in the graph, taken from the AppHost directory when relative.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, AppHostDirectory);

    /// <summary>
    /// Expands every InferenceService into its components, and in a local run gives each component its replicas and
    /// the gateway its route table; then checks the graph. Runs once; <see cref="Problems"/> then lists everything that
    /// keeps the graph from running.
    /// </summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        foreach (var service in Resources<InferenceServiceResource>().ToList())
        {
            try
            {
                ComponentExpansion.Expand(this, service);
            }
            catch (GraphException e)
            {
                _problems.AddRange(e.Problems);
            }
        }

        if (!Resources<GatewayResource>().Any())
        {
            foreach (var resource in Builder.Resources)
            {
                foreach (var reference in resource.Annotations.OfType<InferenceServiceReferenceAnnotation>())
                {
                    _problems.Add(InferenceServiceReferenceAnnotation.NoGateway(resource, reference.Service));
                }
            }
        }

    }

    /// <summary>
    /// Decides, once, how a local run of the completed graph uses this machine's GPUs (<see cref="Gpus.LocalGpus"/>),
    /// adding its warning or problems: the run command calls it before it prints the warnings, and
    /// <see cref="PrepareLocalRun"/> for an AppHost started otherwise. Publishing never does, so it never looks at the machine.
    /// </summary>
    internal void PlaceOnGpus()
    {
        if (!_gpusPlaced)
        {
            _gpusPlaced = true;
            LocalGpus = Gpus.LocalGpus.Decide(this);
        }
    }

    /// <summary>
    /// Readies a completed graph for a local run, as Aspire starts it: the store's server, the gateway's ports, each
    /// component's replicas and the GPUs they see; then checks that the ports the graph fixed are free. Problems are added to <see cref="Problems"/>.
    /// </summary>
    internal void PrepareLocalRun()
    {
        _problems.AddRange(Autoscaling.AutoscalingSettings.Problems(Configuration));
        PlaceOnGpus();

        foreach (var store in Resources<ModelStoreResource>())
        {
            ModelStoreBuilderExtensions.PrepareLocalRun(this, store);
        }

        foreach (var gateway in Resources<GatewayResource>())
        {
            GatewayBuilderExtensions.PrepareLocalRun(this, gateway);
        }

        foreach (var service in Resources<InferenceServiceResource>().ToList())
        {
            ComponentExpansion.AddStandby(this, service);
        }

        foreach (var component in Resources<ComponentResource>().ToList())
        {
            ComponentReplicas.Create(this, component);
        }

        LocalGpus?.Assign(this, _problems);

        _problems.AddRange(FixedPorts.Check(this));
    }

    private string AppHostKey()
    {
        var directory = Path.GetFullPath(AppHostDirectory).TrimEnd(Path.DirectorySeparatorChar);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(directory)))[..8];
        return $"{Path.GetFileName(directory).ToLowerInvariant()}-{hash}";
    }
}
