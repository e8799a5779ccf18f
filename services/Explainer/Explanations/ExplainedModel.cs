using Modelplane.Explainer.Background;
using Modelplane.Explainer.Configuration;
using Modelplane.Explainer.Methods;
using Modelplane.Explainer.Predictor;
using Modelplane.Serving.Client;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Models;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Repository;

namespace Modelplane.Explainer.Explanations;

/// <summary>
/// A model version the explainer explains, one per version of the model repository. Loading reads its config.json and
/// background data, and asks the predictor for its metadata once, briefly; a predictor that is not up yet is asked again at
/// the first explanation, so the explainer starts and stays ready either way. The plan settled from the metadata is
/// kept. It predicts nothing itself.
/// </summary>
internal sealed partial class ExplainedModel : InferenceModel
{
    private static readonly TimeSpan EagerPlanTimeout = TimeSpan.FromSeconds(5);

    private readonly ModelVersionEntry _entry;
    private readonly ExplanationOptions _settings;
    private readonly IInferenceClient _predictor;
    private readonly ExplainerOptions _limits;
    private readonly ILogger _logger;
    private ModelConfig _config = ModelConfig.Empty;
    private BackgroundData? _background;
    private ExplanationPlan? _plan;

    public ExplainedModel(ModelVersionEntry entry, ExplanationOptions settings, IInferenceClient predictor, ExplainerOptions limits, ILogger logger)
        : base(entry.Name, entry.Version)
    {
        _entry = entry;
        _settings = settings;
        _predictor = predictor;
        _limits = limits;
        _logger = logger;
    }

    public override string Platform => "modelplane_explainer";

    /// <summary>How this version is explained, settled from the predictor's metadata on first use.</summary>
    public async ValueTask<ExplanationPlan> PlanAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _plan) is { } plan)
        {
            return plan;
        }

        ModelMetadata metadata;
        try
        {
            metadata = await _predictor.GetModelMetadataAsync(Name, Version, cancellationToken);
        }
        catch (InferenceException e) when (e.Kind == InferenceErrorKind.NotFound)
        {
            // The client asked for a model this explainer serves; a predictor without it is a dependency not there yet
            // (asked again at the next explanation), not a model the client named wrongly.
            throw InferenceException.Unavailable(e.Message, e);
        }

        Inputs = metadata.Inputs;
        Outputs = metadata.Outputs;
        plan = ExplanationPlan.Resolve(Name, Version, metadata, _settings, _config, _background);
        Volatile.Write(ref _plan, plan);
        return plan;
    }

    /// <summary>Explains <paramref name="instances"/> with the plan's method, counting the predictor calls in <paramref name="cost"/>.</summary>
    public async Task<Explanation> ExplainInstancesAsync(ExplanationPlan plan, double[][] instances, ExplanationCost cost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var model = new PredictorEvaluator(_predictor, plan, _limits, cost);
        var details = new InferenceParameters();
        IReadOnlyList<InstanceAttribution> explained;
        switch (plan.Method)
        {
            case ExplanationMethod.Exact:
                explained = await ExactShapley.ExplainAsync(instances, plan.Background!.Rows, model, cancellationToken);
                details.Set("background_rows", plan.Background.Rows.Length).Set("coalitions", 1L << plan.RowWidth);
                break;
            case ExplanationMethod.KernelShap:
                (explained, var sample) = await KernelShap.ExplainAsync(instances, plan.Background!.Rows, plan.Samples, plan.Seed, model, cancellationToken);
                details.Set("background_rows", plan.Background.Rows.Length)
                    .Set("samples", plan.Samples)
                    .Set("seed", plan.Seed)
                    .Set("coalitions", sample.Coalitions.Count + 2)
                    .Set("all_coalitions", sample.Complete);
                break;
            default:
                (explained, var windows) = await Occlusion.ExplainAsync(instances, plan.Image!, plan.PatchSize, plan.Stride, plan.Baseline, model, cancellationToken);
                details.Set("patch_size", plan.PatchSize).Set("stride", plan.Stride).Set("baseline", plan.Baseline).Set("patches", windows);
                break;
        }

        return new Explanation(plan, explained, details);
    }

    protected override async ValueTask LoadCoreAsync(CancellationToken cancellationToken)
    {
        _config = ModelConfig.Load(_entry.ModelDirectory);
        Labels = _config.Labels;
        _background = BackgroundReader.Load(_entry.ModelDirectory, _entry.VersionDirectory, _settings.Background, $"Explainer:Models:{Name}:Background");

        // Settled now, the plan gives this model's metadata its inputs and outputs from the start. Whatever keeps it from
        // settling (a predictor not up yet, a setting to fix) is said here, and met again by the first explanation.
        using var briefly = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        briefly.CancelAfter(EagerPlanTimeout);
        try
        {
            var plan = await PlanAsync(briefly.Token);
            LogPlan(Name, Version, plan.Method, plan.Output);
            foreach (var note in plan.Notes)
            {
                LogNote(Name, Version, note);
            }
        }
        catch (InferenceException e) when (e.Kind == InferenceErrorKind.Unavailable)
        {
            LogPredictorNotYet(Name, Version, e.Message);
        }
        catch (InferenceException e)
        {
            LogCannotExplain(Name, Version, e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogPredictorSlow(Name, Version, EagerPlanTimeout.TotalSeconds);
        }
    }

    protected override ValueTask<InferenceResponse> PredictAsync(InferenceRequest request, CancellationToken cancellationToken) =>
        throw InferenceException.NotImplemented($"the explainer of model '{Name}' answers :explain; ask the predictor for predictions");

    // Nothing is predicted here, so there is nothing to check a request against; PredictAsync's refusal says why.
    protected override void ValidateRequest(InferenceRequest request)
    {
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "model {Name} version {Version} is explained with {Method}, output {Output}")]
    private partial void LogPlan(string name, string version, ExplanationMethod method, string output);

    [LoggerMessage(Level = LogLevel.Information, Message = "model {Name} version {Version}: {Note}")]
    private partial void LogNote(string name, string version, string note);

    [LoggerMessage(Level = LogLevel.Information, Message = "model {Name} version {Version}: the predictor did not answer within {Seconds} s; it is asked again at the first explanation")]
    private partial void LogPredictorSlow(string name, string version, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "model {Name} version {Version}: {Reason}; the predictor is asked again at the first explanation")]
    private partial void LogPredictorNotYet(string name, string version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "model {Name} version {Version} cannot be explained as configured: {Reason}")]
    private partial void LogCannotExplain(string name, string version, string reason);
}
