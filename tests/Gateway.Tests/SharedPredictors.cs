namespace Modelplane.Gateway.Tests;

/// <summary>The tests that share the <see cref="PredictorFleet"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPredictors : ICollectionFixture<PredictorFleet>
{
    public const string Name = "predictors";
}
