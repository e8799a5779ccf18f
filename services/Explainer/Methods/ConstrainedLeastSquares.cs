namespace Modelplane.Explainer.Methods;

/// <summary>
/// Kernel SHAP's regression: attributions φ minimizing Σ_j w_j (y_j − z_j · φ)² over the coalitions z_j subject to
/// Σ φ = Δ, the efficiency property (f(x) − E[f(background)]), which therefore holds exactly. The constraint eliminates
/// the last feature, φ_last = Δ − Σ_rest φ; the normal equations of the rest are factored once (Cholesky), since the
/// coalitions and weights are the same for every instance and class, and then solved for each.
/// </summary>
internal sealed class ConstrainedLeastSquares
{
    private readonly IReadOnlyList<bool[]> _coalitions;
    private readonly IReadOnlyList<double> _weights;
    private readonly int _features;
    private readonly double[,] _cholesky;

    private ConstrainedLeastSquares(IReadOnlyList<bool[]> coalitions, IReadOnlyList<double> weights, int features, double[,] cholesky)
    {
        _coalitions = coalitions;
        _weights = weights;
        _features = features;
        _cholesky = cholesky;
    }

    /// <summary>Factors the problem; null when the coalitions do not determine the attributions (too few, or too alike).</summary>
    public static ConstrainedLeastSquares? Factor(IReadOnlyList<bool[]> coalitions, IReadOnlyList<double> weights, int features)
    {
        var n = features - 1;
        var normal = new double[n, n];
        var row = new double[n];
        for (var j = 0; j < coalitions.Count; j++)
        {
            Reduce(coalitions[j], row);
            var w = weights[j];
            for (var a = 0; a < n; a++)
            {
                if (row[a] == 0)
                {
                    continue;
                }

                for (var b = 0; b <= a; b++)
                {
                    normal[a, b] += w * row[a] * row[b];
                }
            }
        }

        // Cholesky in place, lower triangle; a pivot at rounding level means a direction no coalition measures.
        var scale = 0.0;
        for (var a = 0; a < n; a++)
        {
            scale = Math.Max(scale, normal[a, a]);
        }

        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                var sum = normal[a, b];
                for (var c = 0; c < b; c++)
                {
                    sum -= normal[a, c] * normal[b, c];
                }

                if (a == b)
                {
                    if (sum <= scale * 1e-12)
                    {
                        return null;
                    }

                    normal[a, a] = Math.Sqrt(sum);
                }
                else
                {
                    normal[a, b] = sum / normal[b, b];
                }
            }
        }

        return new ConstrainedLeastSquares(coalitions, weights, features, normal);
    }

    /// <summary>The attributions for coalition values <paramref name="gains"/> (v(z_j) − v(∅)) that must add up to <paramref name="total"/>.</summary>
    public double[] Solve(ReadOnlySpan<double> gains, double total)
    {
        var n = _features - 1;
        var right = new double[n];
        var row = new double[n];
        for (var j = 0; j < _coalitions.Count; j++)
        {
            var last = Reduce(_coalitions[j], row);
            var target = _weights[j] * (gains[j] - (last ? total : 0));
            for (var a = 0; a < n; a++)
            {
                right[a] += row[a] * target;
            }
        }

        // L y = right, then Lᵀ φ = y.
        for (var a = 0; a < n; a++)
        {
            var sum = right[a];
            for (var c = 0; c < a; c++)
            {
                sum -= _cholesky[a, c] * right[c];
            }

            right[a] = sum / _cholesky[a, a];
        }

        for (var a = n - 1; a >= 0; a--)
        {
            var sum = right[a];
            for (var c = a + 1; c < n; c++)
            {
                sum -= _cholesky[c, a] * right[c];
            }

            right[a] = sum / _cholesky[a, a];
        }

        var phi = new double[_features];
        right.CopyTo(phi, 0);
        phi[^1] = total - right.Sum();
        return phi;
    }

    // A coalition's row after the last feature is eliminated: z_f − z_last for the others; returns z_last.
    private static bool Reduce(bool[] members, double[] row)
    {
        var last = members[^1];
        for (var f = 0; f < row.Length; f++)
        {
            row[f] = (members[f] ? 1 : 0) - (last ? 1 : 0);
        }

        return last;
    }
}
