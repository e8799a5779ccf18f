namespace Modelplane.Explainer.Methods;

/// <summary>
/// Exact Shapley values: every one of the 2^M coalitions of M features is scored against the background, and feature
/// f gets the Shapley-weighted mean of what joining each coalition without it adds:
/// φ_f = Σ_{S ∌ f} |S|! (M − |S| − 1)! / M! · (v(S ∪ {f}) − v(S)).
/// </summary>
internal static class ExactShapley
{
    /// <summary>The coalitions to score besides the empty and the full one, as membership masks, in bit order.</summary>
    public static IReadOnlyList<bool[]> Coalitions(int features)
    {
        var count = (1 << features) - 2;
        var coalitions = new bool[Math.Max(count, 0)][];
        for (var mask = 1; mask <= count; mask++)
        {
            var members = new bool[features];
            for (var f = 0; f < features; f++)
            {
                members[f] = (mask & (1 << f)) != 0;
            }

            coalitions[mask - 1] = members;
        }

        return coalitions;
    }

    /// <summary>Explains each instance against the background with the model's scores.</summary>
    public static async Task<IReadOnlyList<InstanceAttribution>> ExplainAsync(
        double[][] instances, double[][] background, IModelEvaluator model, CancellationToken cancellationToken)
    {
        var features = background[0].Length;
        var classes = model.Classes;
        var values = new CoalitionValues(instances, background, Coalitions(features), classes);
        await model.EvaluateAsync(values, cancellationToken);

        var full = (1 << features) - 1;
        var weights = new double[features];
        for (var size = 0; size < features; size++)
        {
            weights[size] = ShapleyWeights.Shapley(features, size);
        }

        var explanations = new InstanceAttribution[instances.Length];
        for (var i = 0; i < instances.Length; i++)
        {
            double Value(int mask, int k) => mask == 0 ? values.Empty(k) : mask == full ? values.Full(i, k) : values.Value(i, mask - 1, k);

            var attributions = new double[classes][];
            for (var k = 0; k < classes; k++)
            {
                var phi = attributions[k] = new double[features];
                for (var mask = 0; mask < full; mask++)
                {
                    var weight = weights[System.Numerics.BitOperations.PopCount((uint)mask)];
                    var without = Value(mask, k);
                    for (var f = 0; f < features; f++)
                    {
                        var bit = 1 << f;
                        if ((mask & bit) == 0)
                        {
                            phi[f] += weight * (Value(mask | bit, k) - without);
                        }
                    }
                }
            }

            explanations[i] = new InstanceAttribution(
                [.. Enumerable.Range(0, classes).Select(k => values.Full(i, k))],
                [.. Enumerable.Range(0, classes).Select(values.Empty)],
                attributions);
        }

        return explanations;
    }
}
