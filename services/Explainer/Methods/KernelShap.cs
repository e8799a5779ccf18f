using Modelplane.Serving.Errors;

namespace Modelplane.Explainer.Methods;

/// <summary>
/// Kernel SHAP (Lundberg and Lee, 2017): the coalitions <see cref="CoalitionSampler"/> chooses within the budget are
/// scored against the background, and <see cref="ConstrainedLeastSquares"/> fits attributions to them under the
/// Shapley kernel's weights, so that they add up to f(x) − E[f(background)]. Every instance shares the coalitions, so
/// an instance's explanation does not depend on the others sent with it.
/// </summary>
internal static class KernelShap
{
    /// <summary>Explains each instance; also gives how many coalitions were scored per instance, and whether that was all of them.</summary>
    public static async Task<(IReadOnlyList<InstanceAttribution> Explanations, WeightedCoalitions Coalitions)> ExplainAsync(
        double[][] instances, double[][] background, int budget, int seed, IModelEvaluator model, CancellationToken cancellationToken)
    {
        var features = background[0].Length;
        var classes = model.Classes;
        var sample = CoalitionSampler.Sample(features, budget, seed);
        var solver = features == 1 ? null : ConstrainedLeastSquares.Factor(sample.Coalitions, sample.Weights, features)
            ?? throw InferenceException.NotImplemented(
                $"Kernel SHAP's {sample.Coalitions.Count} coalitions do not determine {features} attributions; raise Explainer:Samples (at least {2 * features} for {features} features)");
        var values = new CoalitionValues(instances, background, sample.Coalitions, classes);
        await model.EvaluateAsync(values, cancellationToken);

        var explanations = new InstanceAttribution[instances.Length];
        var gains = new double[sample.Coalitions.Count];
        for (var i = 0; i < instances.Length; i++)
        {
            var attributions = new double[classes][];
            for (var k = 0; k < classes; k++)
            {
                var empty = values.Empty(k);
                var total = values.Full(i, k) - empty;
                for (var j = 0; j < gains.Length; j++)
                {
                    gains[j] = values.Value(i, j, k) - empty;
                }

                attributions[k] = solver is null ? [total] : solver.Solve(gains, total);
            }

            explanations[i] = new InstanceAttribution(
                [.. Enumerable.Range(0, classes).Select(k => values.Full(i, k))],
                [.. Enumerable.Range(0, classes).Select(values.Empty)],
                attributions);
        }

        return (explanations, sample);
    }
}
