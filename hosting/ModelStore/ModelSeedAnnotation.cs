using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting.ModelStore;

/// <summary>A local model directory the store is filled with at start, under <c>s3://{bucket}/{Model}</c>; unchanged files are not sent again.</summary>
public sealed record ModelSeedAnnotation(string Model, string Directory) : IResourceAnnotation;
