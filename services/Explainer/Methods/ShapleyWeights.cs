namespace Modelplane.Explainer.Methods;

/// <summary>The weights Shapley values give coalitions by their size, directly (exact) and through the Shapley kernel (Kernel SHAP).</summary>
internal static class ShapleyWeights
{
    /// <summary>The Shapley weight of a coalition of <paramref name="size"/> of <paramref name="features"/> features that a feature joins: |S|! (M − |S| − 1)! / M!.</summary>
    public static double Shapley(int features, int size) => 1.0 / (features * Binomial(features - 1, size));

    /// <summary>
    /// The Shapley kernel's weight of all coalitions of one size together, unnormalized: (M − 1) / (|S| (M − |S|)). Weighted
    /// least squares over coalitions weighted by it, divided among the C(M, |S|) coalitions of the size, gives Shapley values.
    /// </summary>
    public static double KernelBySize(int features, int size) => (features - 1.0) / (size * (double)(features - size));

    /// <summary>n choose k as a double: exact for every size exact Shapley values enumerate, and close enough far beyond.</summary>
    public static double Binomial(int n, int k)
    {
        k = Math.Min(k, n - k);
        var result = 1.0;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }
}
