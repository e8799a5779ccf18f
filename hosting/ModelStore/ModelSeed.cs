namespace Modelplane.Hosting.ModelStore;

/// <summary>A local model directory a store is filled with at start, under <c>s3://{bucket}/{Model}</c>; unchanged files are not sent again.</summary>
public sealed record ModelSeed(string Model, string Directory);
