namespace Modelplane.Explainer.Tests.Hosting;

/// <summary>The tests that share the <see cref="ExplainerFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedExplainers : ICollectionFixture<ExplainerFixture>
{
    public const string Name = "explainer";
}
