using Modelplane.ModelBuilder.Data;
using Modelplane.ModelBuilder.Iris;
using Modelplane.ModelBuilder.Training;

namespace Modelplane.ModelBuilder.Tests.Training;

public sealed class SoftmaxRegressionTests
{
    private static readonly Lazy<SoftmaxRegressionModel> IrisClassifier = new(() => SoftmaxRegression.Train(IrisModel.LoadData()));

    [Fact]
    public void Reaches_at_least_95_percent_training_accuracy_on_iris()
    {
        var accuracy = IrisClassifier.Value.Accuracy(IrisModel.LoadData());

        Assert.True(accuracy >= 0.95, $"Training accuracy on iris is {accuracy:P2}.");
    }

    [Fact]
    public void Training_twice_gives_identical_weights()
    {
        var again = SoftmaxRegression.Train(IrisModel.LoadData());

        Assert.Equal(IrisClassifier.Value.Weights, again.Weights);
        Assert.Equal(IrisClassifier.Value.Biases, again.Biases);
    }

    [Fact]
    public void Probabilities_are_a_distribution_over_the_classes()
    {
        var data = IrisModel.LoadData();

        foreach (var row in data.Features)
        {
            var probabilities = IrisClassifier.Value.PredictProbabilities(row);
            Assert.Equal(3, probabilities.Length);
            Assert.All(probabilities, probability => Assert.InRange(probability, 0.0, 1.0));
            Assert.Equal(1.0, probabilities.Sum(), 1e-12);
        }
    }

    [Fact]
    public void Folded_weights_take_raw_features_far_from_zero_and_ignore_constant_ones()
    {
        // Raw values near 1000 with a spread of 1: unstandardized gradient descent would crawl; a constant column has σ = 0.
        var features = Enumerable.Range(0, 40).Select(i => new[] { 1000.0 + (i / 40.0), 5.0 }).ToArray();
        var labels = Enumerable.Range(0, 40).Select(i => i < 20 ? 0 : 1).ToArray();
        var data = new ClassificationDataset(["x", "constant"], ["low", "high"], features, labels);

        var model = SoftmaxRegression.Train(data, iterations: 2000);

        Assert.Equal(1.0, model.Accuracy(data));
        Assert.All(model.Weights.Concat(model.Biases), value => Assert.True(double.IsFinite(value)));
        Assert.Equal(0.0, model.Weights[2]);
        Assert.Equal(0.0, model.Weights[3]);
    }
}
