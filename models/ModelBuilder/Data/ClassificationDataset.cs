namespace Modelplane.ModelBuilder.Data;

/// <summary>Rows of numeric features, each with the index of its class in <see cref="ClassNames"/>.</summary>
internal sealed record ClassificationDataset(
    IReadOnlyList<string> FeatureNames,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<double[]> Features,
    IReadOnlyList<int> Labels)
{
    public int Count => Features.Count;
}
