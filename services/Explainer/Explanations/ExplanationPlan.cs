using System.Globalization;
using Modelplane.Explainer.Background;
using Modelplane.Explainer.Configuration;
using Modelplane.Explainer.Methods;
using Modelplane.Explainer.Predictor;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Models;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Repository;
using Modelplane.Serving.Tensors;

namespace Modelplane.Explainer.Explanations;

/// <summary>
/// How one model version is explained, settled from the predictor's metadata, the model's settings, its config.json and
/// its background data: the input and the output explained, the method, and what the method needs. A model that cannot be
/// explained as configured is a 501 whose message says what to change.
/// </summary>
internal sealed class ExplanationPlan
{
    private ExplanationPlan(string model, string version, TensorMetadata input, string output, int classes)
    {
        Model = model;
        Version = version;
        Input = input;
        RowShape = input.Shape[1..];
        RowWidth = checked((int)TensorShape.ElementCount(RowShape));
        Output = output;
        Classes = classes;
    }

    public string Model { get; }

    public string Version { get; }

    /// <summary>The model's one input.</summary>
    public TensorMetadata Input { get; }

    /// <summary>The shape of one instance: the input's shape after the batch dimension.</summary>
    public long[] RowShape { get; }

    /// <summary>The elements of one instance.</summary>
    public int RowWidth { get; }

    /// <summary>The output explained.</summary>
    public string Output { get; }

    /// <summary>Its scores per row: the classes, or 1.</summary>
    public int Classes { get; }

    /// <summary>The method that answers: <see cref="ExplanationMethod.Exact"/>, <see cref="ExplanationMethod.KernelShap"/> or <see cref="ExplanationMethod.Occlusion"/>.</summary>
    public ExplanationMethod Method { get; private set; }

    /// <summary>The image's geometry, for occlusion; null for rows of features.</summary>
    public ImageGeometry? Image { get; private set; }

    /// <summary>The background rows, for the Shapley methods.</summary>
    public BackgroundData? Background { get; private set; }

    /// <summary>The class labels, when config.json gives one per class.</summary>
    public IReadOnlyList<string>? Labels { get; private set; }

    /// <summary>The feature names, from config.json or the background's header, when there is one per feature.</summary>
    public IReadOnlyList<string>? FeatureNames { get; private set; }

    /// <summary>Kernel SHAP's budget of coalitions.</summary>
    public int Samples { get; private set; }

    public int Seed { get; private set; }

    public int PatchSize { get; private set; }

    public int Stride { get; private set; }

    public double Baseline { get; private set; }

    /// <summary>What the client should know about how the method was chosen, such as a fallback from exact.</summary>
    public IReadOnlyList<string> Notes { get; private set; } = [];

    /// <summary>Settles how a model version is explained; a 501 names what keeps it from being explained.</summary>
    public static ExplanationPlan Resolve(
        string model, string version, ModelMetadata metadata, ExplanationOptions settings, ModelConfig config, BackgroundData? background)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(config);
        var setting = $"Explainer:Models:{model}";
        var input = OneInput(model, metadata);
        var (output, classes) = ExplainedOutput(model, metadata, settings.Output, setting);
        var plan = new ExplanationPlan(model, version, input, output, classes)
        {
            Labels = config.Labels is { } labels && labels.Count == classes ? labels : null,
            Seed = settings.Seed,
            Baseline = settings.Baseline,
        };

        var row = plan.RowShape;
        if (row.Length >= 2)
        {
            plan.ChooseImageMethod(settings, setting);
            return plan;
        }

        var features = (int)row[0];
        plan.Method = TabularMethod(model, features, settings, setting, out var notes);
        plan.Notes = notes;
        var rows = background ?? throw InferenceException.NotImplemented(
            $"model '{model}' has no background data, which {Describe(plan.Method)} need to stand in for absent features: put background.csv "
            + $"(an optional header of the {features} feature names, then one row of {features} numbers per line) or background.json (an array of rows) "
            + $"beside config.json in the model directory, or name such a file in {setting}:Background");
        if (rows.Width != features)
        {
            throw InferenceException.NotImplemented(
                $"{rows.Source} has {rows.Width} values per row, but input '{input.Name}' of model '{model}' takes {features} features");
        }

        var configured = config.Inputs?.FirstOrDefault(i => i.Name == input.Name)?.FeatureNames;
        plan.Background = rows;
        plan.FeatureNames = configured?.Count == features ? configured : rows.FeatureNames?.Count == features ? rows.FeatureNames : null;
        plan.Samples = settings.Samples ?? CoalitionSampler.DefaultBudget(features);
        return plan;
    }

    /// <summary>The instances of a request as rows of numbers; a 400 naming the model and what it takes when their shape is not the input's.</summary>
    public double[][] Instances(InferenceTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        try
        {
            RequestValidator.CheckTensor(tensor, Input);
        }
        catch (InferenceException e) when (e.Kind == InferenceErrorKind.BadRequest)
        {
            var takes = Image is null
                ? FeatureNames is { } names ? $"{RowWidth} features per instance: {string.Join(", ", names)}" : $"{RowWidth} features per instance"
                : $"images of shape {TensorShape.Format(RowShape)}";
            throw InferenceException.BadRequest($"model '{Model}': {e.Message} (it takes {takes})");
        }

        var values = tensor.ToDoubles();
        var rows = new double[values.Length / RowWidth][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = values.AsSpan(i * RowWidth, RowWidth).ToArray();
        }

        return rows;
    }

    /// <summary>The method's name as the text of a message.</summary>
    private static string Describe(ExplanationMethod method) => method switch
    {
        ExplanationMethod.Exact => "exact Shapley values",
        ExplanationMethod.KernelShap => "Kernel SHAP values",
        ExplanationMethod.Occlusion => "occlusion maps",
        _ => "explanations",
    };

    private static TensorMetadata OneInput(string model, ModelMetadata metadata)
    {
        if (metadata.Inputs.Count != 1)
        {
            throw InferenceException.NotImplemented(
                $"model '{model}' has {metadata.Inputs.Count} inputs ({string.Join(", ", metadata.Inputs.Select(i => i.Name))}); the explainer explains models of one input");
        }

        var input = metadata.Inputs[0];
        var shape = TensorShape.Format(input.Shape);
        if (!TensorElements.IsNumeric(input.DataType))
        {
            throw InferenceException.NotImplemented($"input '{input.Name}' of model '{model}' is {input.DataType.ToProtocolName()}; the explainer perturbs numbers");
        }

        if (input.Shape.Length < 2 || input.Shape[0] != -1)
        {
            throw InferenceException.NotImplemented(
                $"input '{input.Name}' of model '{model}' has shape {shape}; the explainer sends many rows per call, so it needs a first (batch) dimension of any size (-1) and a row after it");
        }

        if (input.Shape[1..].Any(d => d < 1))
        {
            throw InferenceException.NotImplemented(
                $"input '{input.Name}' of model '{model}' has shape {shape}; the explainer needs the sizes after the batch dimension: fix them in the model, or in config.json as \"inputs\": [{{\"name\": \"{input.Name}\", \"shape\": [-1, ...]}}]");
        }

        if (input.Shape.Length > 4)
        {
            throw InferenceException.NotImplemented(
                $"input '{input.Name}' of model '{model}' has shape {shape}; the explainer explains rows of features ([-1, features]) and images ([-1, height, width] or [-1, channels, height, width])");
        }

        return input;
    }

    private static (string Name, int Classes) ExplainedOutput(string model, ModelMetadata metadata, string? configured, string setting)
    {
        static int? Scores(TensorMetadata output) =>
            output.DataType == TensorDataType.Bytes || output.Shape.Length is 0 or > 2 || output.Shape[0] != -1 ? null
            : output.Shape.Length == 1 ? 1
            : output.Shape[1] >= 1 ? (int)output.Shape[1]
            : null;

        var described = string.Join(", ", metadata.Outputs.Select(o => $"{o.Name} {TensorShape.Format(o.Shape)}"));
        if (configured is not null)
        {
            var output = metadata.Outputs.FirstOrDefault(o => o.Name == configured)
                ?? throw InferenceException.NotImplemented($"{setting}:Output names '{configured}', which is not an output of model '{model}' (outputs: {described})");
            return Scores(output) is { } classes
                ? (output.Name, classes)
                : throw InferenceException.NotImplemented(
                    $"output '{output.Name}' of model '{model}' is {output.DataType.ToProtocolName()} {TensorShape.Format(output.Shape)}; the explainer explains an output of one score per row ([-1]) or one per class ([-1, classes])");
        }

        // Scores explain better than decisions: iris's probabilities rather than its label.
        var candidates = metadata.Outputs.Where(o => Scores(o) is not null).ToList();
        var chosen = candidates.FirstOrDefault(o => o.DataType is TensorDataType.FP32 or TensorDataType.FP64 or TensorDataType.FP16 or TensorDataType.BF16)
            ?? candidates.FirstOrDefault()
            ?? throw InferenceException.NotImplemented(
                $"no output of model '{model}' has one score per row ([-1]) or one per class ([-1, classes]) (outputs: {described}); name the output to explain in {setting}:Output");
        return (chosen.Name, Scores(chosen)!.Value);
    }

    private static ExplanationMethod TabularMethod(string model, int features, ExplanationOptions settings, string setting, out IReadOnlyList<string> notes)
    {
        notes = [];
        var coalitions = features >= 62 ? "more than 2^61" : (1L << features).ToString("N0", CultureInfo.InvariantCulture);
        var overLimit = features > settings.MaxExactFeatures;
        switch (settings.Method)
        {
            case ExplanationMethod.Occlusion:
                throw InferenceException.NotImplemented(
                    $"model '{model}' takes rows of {features} features; Occlusion explains images: use Exact, KernelShap or Auto in {setting}:Method");
            case ExplanationMethod.Auto:
                if (overLimit)
                {
                    notes = [$"{features} features are more than MaxExactFeatures ({settings.MaxExactFeatures}) enumerates: Kernel SHAP chosen"];
                    return ExplanationMethod.KernelShap;
                }

                return ExplanationMethod.Exact;
            case ExplanationMethod.Exact when overLimit && settings.ExactFallback == ExactFallback.None:
                throw InferenceException.NotImplemented(
                    $"model '{model}' has {features} features: exact Shapley values would score 2^{features} = {coalitions} coalitions per instance, more than "
                    + $"{setting}:MaxExactFeatures ({settings.MaxExactFeatures}) allows, and ExactFallback is None; use KernelShap, raise MaxExactFeatures, or set ExactFallback to KernelShap");
            case ExplanationMethod.Exact when overLimit:
                notes = [$"exact Shapley values would score 2^{features} = {coalitions} coalitions for {features} features, more than MaxExactFeatures ({settings.MaxExactFeatures}) allows: explained with Kernel SHAP instead (ExactFallback)"];
                return ExplanationMethod.KernelShap;
            default:
                return settings.Method;
        }
    }

    private void ChooseImageMethod(ExplanationOptions settings, string setting)
    {
        var row = RowShape;
        Image = row.Length == 2
            ? new ImageGeometry(1, (int)row[0], (int)row[1], ImageLayout.Nchw)
            : settings.Layout == ImageLayout.Nchw
                ? new ImageGeometry((int)row[0], (int)row[1], (int)row[2], ImageLayout.Nchw)
                : new ImageGeometry((int)row[2], (int)row[0], (int)row[1], ImageLayout.Nhwc);
        if (settings.Method is ExplanationMethod.Exact or ExplanationMethod.KernelShap)
        {
            throw InferenceException.NotImplemented(
                $"model '{Model}' takes images (input '{Input.Name}' {TensorShape.Format(Input.Shape)}); {settings.Method} explains rows of features: use Occlusion or Auto in {setting}:Method");
        }

        Method = ExplanationMethod.Occlusion;
        var side = Math.Min(Image.Height, Image.Width);
        PatchSize = settings.PatchSize ?? Math.Max(1, side / 8);
        Stride = settings.Stride ?? PatchSize;
        if (PatchSize > side)
        {
            throw InferenceException.NotImplemented($"{setting}:PatchSize is {PatchSize}, larger than the {Image.Height}×{Image.Width} images of model '{Model}'");
        }

        if (Stride > PatchSize)
        {
            throw InferenceException.NotImplemented($"{setting}:Stride is {Stride}, more than the patch size {PatchSize}, which would leave pixels never occluded");
        }
    }
}
