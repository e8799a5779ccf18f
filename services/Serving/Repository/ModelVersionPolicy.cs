namespace Modelplane.Serving.Repository;

/// <summary>
/// Which versions of a model are served, as Triton's version policy says it: the latest N, specific ones, or all.
/// In <c>config.json</c>: <c>{"versionPolicy": {"latest": {"numVersions": 2}}}</c>, <c>{"specific": {"versions": [1, 3]}}</c>
/// or <c>{"all": {}}</c>. Without one, every version is served.
/// </summary>
public sealed class ModelVersionPolicy
{
    /// <summary>Serve the newest <see cref="LatestPolicy.NumVersions"/> versions.</summary>
    public LatestPolicy? Latest { get; init; }

    /// <summary>Serve exactly these versions.</summary>
    public SpecificPolicy? Specific { get; init; }

    /// <summary>Serve every version.</summary>
    public AllPolicy? All { get; init; }

    /// <summary>Null when the policy is well formed; otherwise what to fix.</summary>
    public string? Check() => (Latest, Specific, All) switch
    {
        (null, null, null) => "versionPolicy names no policy; use one of latest, specific or all",
        ({ NumVersions: < 1 }, null, null) => "versionPolicy.latest.numVersions must be 1 or more",
        ({ }, null, null) => null,
        (null, { Versions.Count: 0 }, null) => "versionPolicy.specific.versions lists no version",
        (null, { }, null) => null,
        (null, null, { }) => null,
        _ => "versionPolicy names more than one policy; use one of latest, specific or all",
    };

    /// <summary>The versions to serve out of those present, given oldest first.</summary>
    public IReadOnlyList<long> Select(IReadOnlyList<long> present) =>
        Latest is { } latest ? [.. present.TakeLast(latest.NumVersions)]
        : Specific is { } specific ? [.. present.Where(specific.Versions.Contains)]
        : present;

    /// <summary>The latest-N policy.</summary>
    public sealed class LatestPolicy
    {
        public int NumVersions { get; init; } = 1;
    }

    /// <summary>The specific-versions policy.</summary>
    public sealed class SpecificPolicy
    {
        public IReadOnlyList<long> Versions { get; init; } = [];
    }

    /// <summary>The all-versions policy; it has no settings.</summary>
    public sealed class AllPolicy;
}
