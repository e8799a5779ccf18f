using System.Text;
using Modelplane.Serving.Tensors;
using Modelplane.Transformer.Pipeline;

namespace Modelplane.Transformer.Tests.CustomSteps;

/// <summary>
/// The sample custom step (README, "Custom steps"): renames labels after an <c>argmax</c> or <c>top-k</c>, such as
/// PaddleOCR's "0" and "180" to words a caller reads. The constructor takes the step's options, bound from its entry in
/// the pipeline, and may take any registered service; a step that cannot work with its options throws there, and the
/// model reports not ready with the reason.
/// </summary>
public sealed class RenameLabelsStep : IResponseStep
{
    private readonly RenameLabelsOptions _options;

    public RenameLabelsStep(RenameLabelsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Names.Count == 0)
        {
            throw new ArgumentException("Names is empty; give each label to rename its new name");
        }

        _options = options;
    }

    public ValueTask ApplyAsync(ResponseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var labels = context.Get(_options.Output);
        var renamed = BytesElements.Enumerate(labels.Data)
            .Select(label => Encoding.UTF8.GetString(label.Span))
            .Select(label => _options.Names.TryGetValue(label, out var name) ? name : label);
        context.Replace(labels.Name, InferenceTensor.FromStrings(labels.Name, labels.Shape, renamed));
        return ValueTask.CompletedTask;
    }
}
