namespace Modelplane.Serving.Repository;

/// <summary>
/// One line of the repository index: a model version and its state (<c>READY</c>, <c>LOADING</c>,
/// <c>UNLOADING</c>, <c>UNAVAILABLE</c>) with the reason when it is not ready, or what a ready model says of itself
/// (the predictor's execution provider); a model not loaded has no version.
/// </summary>
public sealed record RepositoryIndexEntry(string Name, string? Version, string State, string? Reason);
