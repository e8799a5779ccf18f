using Modelplane.ModelBuilder.Data;

namespace Modelplane.ModelBuilder.Training;

/// <summary>Deterministic multinomial logistic regression: full-batch gradient descent on standardized features.</summary>
internal static class SoftmaxRegression
{
    // On iris these run gradient descent to its fixed point (weights settle to ~1e-10), so the
    // result is the regularized optimum itself, not an artefact of where the loop stopped.
    public const double DefaultL2Penalty = 1e-3;
    public const int DefaultIterations = 20_000;
    public const double DefaultLearningRate = 1.0;

    /// <summary>
    /// Minimizes mean cross-entropy plus <paramref name="l2Penalty"/>/2 · ‖W‖² (biases unpenalized), starting from zero,
    /// and returns weights that take raw, unstandardized features.
    /// </summary>
    public static SoftmaxRegressionModel Train(
        ClassificationDataset data,
        double l2Penalty = DefaultL2Penalty,
        int iterations = DefaultIterations,
        double learningRate = DefaultLearningRate)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(l2Penalty);
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        if (data.Count == 0)
        {
            throw new ArgumentException("Cannot train on an empty dataset.", nameof(data));
        }

        var n = data.Count;
        var d = data.FeatureNames.Count;
        var classes = data.ClassNames.Count;
        var (mean, scale) = Standardization(data);
        var z = new double[n * d];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                z[(i * d) + j] = (data.Features[i][j] - mean[j]) / scale[j];
            }
        }

        var labels = data.Labels.ToArray();

        var weights = new double[d * classes];
        var biases = new double[classes];
        var weightGradient = new double[d * classes];
        var biasGradient = new double[classes];
        var probabilities = new double[classes];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            Array.Clear(weightGradient);
            Array.Clear(biasGradient);
            for (var i = 0; i < n; i++)
            {
                for (var k = 0; k < classes; k++)
                {
                    probabilities[k] = biases[k];
                    for (var j = 0; j < d; j++)
                    {
                        probabilities[k] += z[(i * d) + j] * weights[(j * classes) + k];
                    }
                }

                SoftmaxInPlace(probabilities);
                for (var k = 0; k < classes; k++)
                {
                    var error = probabilities[k] - (labels[i] == k ? 1.0 : 0.0);
                    biasGradient[k] += error;
                    for (var j = 0; j < d; j++)
                    {
                        weightGradient[(j * classes) + k] += z[(i * d) + j] * error;
                    }
                }
            }

            for (var w = 0; w < weights.Length; w++)
            {
                weights[w] -= learningRate * ((weightGradient[w] / n) + (l2Penalty * weights[w]));
            }

            for (var k = 0; k < classes; k++)
            {
                biases[k] -= learningRate * biasGradient[k] / n;
            }
        }

        // Fold the standardization in: w·(x − μ)/σ + b = (w/σ)·x + (b − Σ μ·w/σ), so the model takes raw features.
        var rawWeights = new double[d * classes];
        var rawBiases = (double[])biases.Clone();
        for (var j = 0; j < d; j++)
        {
            for (var k = 0; k < classes; k++)
            {
                var w = weights[(j * classes) + k] / scale[j];
                rawWeights[(j * classes) + k] = w;
                rawBiases[k] -= mean[j] * w;
            }
        }

        return new SoftmaxRegressionModel(d, classes, rawWeights, rawBiases);
    }

    /// <summary>Turns logits into probabilities in place, shifting by the maximum so no exponent overflows.</summary>
    internal static void SoftmaxInPlace(Span<double> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = Math.Max(max, logit);
        }

        var sum = 0.0;
        for (var k = 0; k < logits.Length; k++)
        {
            logits[k] = Math.Exp(logits[k] - max);
            sum += logits[k];
        }

        for (var k = 0; k < logits.Length; k++)
        {
            logits[k] /= sum;
        }
    }

    private static (double[] Mean, double[] Scale) Standardization(ClassificationDataset data)
    {
        var d = data.FeatureNames.Count;
        var mean = new double[d];
        var scale = new double[d];
        foreach (var row in data.Features)
        {
            for (var j = 0; j < d; j++)
            {
                mean[j] += row[j];
            }
        }

        for (var j = 0; j < d; j++)
        {
            mean[j] /= data.Count;
        }

        foreach (var row in data.Features)
        {
            for (var j = 0; j < d; j++)
            {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
        }

        for (var j = 0; j < d; j++)
        {
            // A constant column carries no information; dividing by 1 leaves it harmlessly at zero.
            var deviation = Math.Sqrt(scale[j] / data.Count);
            scale[j] = deviation > 0 ? deviation : 1.0;
        }

        return (mean, scale);
    }
}
