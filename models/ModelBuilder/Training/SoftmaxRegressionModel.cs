using Modelplane.ModelBuilder.Data;

namespace Modelplane.ModelBuilder.Training;

/// <summary>A trained linear classifier over raw features: softmax(x · Weights + Biases), Weights row-major [feature, class].</summary>
internal sealed record SoftmaxRegressionModel(int FeatureCount, int ClassCount, IReadOnlyList<double> Weights, IReadOnlyList<double> Biases)
{
    public double[] PredictProbabilities(IReadOnlyList<double> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count != FeatureCount)
        {
            throw new ArgumentException($"Expected {FeatureCount} features, got {features.Count}.", nameof(features));
        }

        var logits = new double[ClassCount];
        for (var k = 0; k < ClassCount; k++)
        {
            logits[k] = Biases[k];
            for (var j = 0; j < FeatureCount; j++)
            {
                logits[k] += features[j] * Weights[(j * ClassCount) + k];
            }
        }

        SoftmaxRegression.SoftmaxInPlace(logits);
        return logits;
    }

    /// <summary>The most probable class; the first one on a tie, as ONNX ArgMax does by default.</summary>
    public int Predict(IReadOnlyList<double> features)
    {
        var probabilities = PredictProbabilities(features);
        var best = 0;
        for (var k = 1; k < probabilities.Length; k++)
        {
            if (probabilities[k] > probabilities[best])
            {
                best = k;
            }
        }

        return best;
    }

    /// <summary>Returns the share of rows of <paramref name="data"/> whose class is predicted correctly.</summary>
    public double Accuracy(ClassificationDataset data) => CountCorrect(data) / (double)data.Count;

    public int CountCorrect(ClassificationDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var correct = 0;
        for (var i = 0; i < data.Count; i++)
        {
            if (Predict(data.Features[i]) == data.Labels[i])
            {
                correct++;
            }
        }

        return correct;
    }
}
