using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;
using Modelplane.Hosting.Variables;

namespace Modelplane.Hosting.InferenceServices;

/// <summary>
/// One component of one revision of an InferenceService, run as Modelplane's predictor, transformer or explainer: what
/// a Deployment is to KServe. Publishers write it; a local run gives it replicas, each a process DCP runs.
/// </summary>
public sealed class ComponentResource : Resource, IModelplaneService
{
    private readonly List<ReplicaResource> _replicas = [];
    private int _activeCount;

    internal ComponentResource(string name, ComponentPlan plan)
        : base(name)
    {
        Service = plan.Service;
        Role = plan.Role;
        Project = plan.Project;
        Predictor = plan.Predictor;
        Assign(plan);
    }

    /// <summary>The service it belongs to.</summary>
    public InferenceServiceResource Service { get; }

    /// <summary>The revision it serves.</summary>
    public RevisionSpec Revision { get; private set; }

    /// <summary>What it does in the revision.</summary>
    public ComponentRole Role { get; }

    /// <summary>Its part of the spec.</summary>
    public ComponentSpec Spec { get; private set; }

    /// <summary>The Modelplane service it runs.</summary>
    public ServiceProject Project { get; }

    /// <inheritdoc />
    public bool HasGrpc => true;

    /// <summary>
    /// Whether it serves on GPUs where it is given them: a predictor whose spec asks for <c>nvidia.com/gpu</c>, which runs
    /// the predictor's GPU flavour with CUDA (Modelplane's transformer and explainer run on the CPU).
    /// </summary>
    public bool UsesGpus => Role == ComponentRole.Predictor && Spec.Resources.Gpus > 0;

    /// <summary>The model name it serves under.</summary>
    public string ModelName { get; private set; }

    /// <summary>Where its model is (a predictor's, and an explainer's, which loads the same directory); null for a transformer.</summary>
    public string? StorageUri { get; private set; }

    /// <summary>The store <see cref="StorageUri"/> is in, or null when it is elsewhere.</summary>
    public ModelStoreResource? Store { get; private set; }

    /// <summary>The predictor of its revision, which a transformer or explainer calls; null for the predictor itself.</summary>
    public ComponentResource? Predictor { get; }

    /// <summary>The settings the spec gives the server (batching, pipeline, method, free settings), as environment variables.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; private set; }

    /// <summary>How many replicas it runs.</summary>
    public ReplicaCount Replicas { get; private set; }

    /// <summary>
    /// Its processes in a local run, in order, as many as it may scale to; none when publishing. The first
    /// <see cref="ActiveCount"/> of them are the ones that run and take requests; the rest wait, not started.
    /// </summary>
    public IReadOnlyList<ReplicaResource> ReplicaResources => _replicas;

    /// <summary>
    /// How many of <see cref="ReplicaResources"/> run now, always the first ones: the count the local run starts with,
    /// then the autoscaler's. A transformer's or explainer's replica <c>i</c> calls its predictor's replica <c>i</c>, as
    /// containers of one pod would, so a predictor runs at least as many as they do.
    /// </summary>
    public int ActiveCount
    {
        get => Volatile.Read(ref _activeCount);
        internal set => Volatile.Write(ref _activeCount, value);
    }

    /// <summary>
    /// Why none of its replicas can serve in a local run, when the last one started failed and none is ready (its exit
    /// or start failure); null otherwise. The gateway answers requests with it rather than holding them.
    /// </summary>
    public string? Unavailable { get; internal set; }

    /// <summary>The replicas that run now: the first <see cref="ActiveCount"/> of <see cref="ReplicaResources"/>.</summary>
    public IReadOnlyList<ReplicaResource> ActiveReplicas => _replicas.Count <= ActiveCount ? _replicas : _replicas[..ActiveCount];

    /// <summary>
    /// The local copy of its model the storage initializer fetched before the first replica started, which the
    /// replicas serve instead of the store; null until then, or when the model is not in a store.
    /// </summary>
    public string? LocalModelRepository { get; internal set; }

    /// <summary>The resource name of a component: <c>{service}-{role}-{revision}</c>, as KServe names a revision's deployment.</summary>
    public static string NameOf(string service, ComponentRole role, string revision) => $"{service}-{role.ToString().ToLowerInvariant()}-{revision}";

    internal void AddReplica(ReplicaResource replica) => _replicas.Add(replica);

    /// <summary>
    /// Makes the component run what <paramref name="plan"/> says: at first, and when a rollout gives a standby set of
    /// components a new revision of its spec (its replicas are stopped then, and take it at their next start).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(Revision), nameof(Spec), nameof(ModelName), nameof(Settings), nameof(Replicas))]
    internal void Assign(ComponentPlan plan)
    {
        Revision = plan.Revision;
        Spec = plan.Spec;
        ModelName = plan.ModelName;
        StorageUri = plan.StorageUri;
        Store = plan.Store;
        Settings = plan.Settings;
        Replicas = plan.Replicas;
        LocalModelRepository = null;
        Unavailable = null;
    }
}
