namespace Modelplane.Hosting.Specs;

/// <summary>KServe's payload logger: request and/or response payloads sent as CloudEvents to a URL.</summary>
public sealed record PayloadLoggerSpec
{
    /// <summary>Where the events go; null when the spec names none (KServe then uses its cluster default, the AppHost its own sink).</summary>
    public string? Url { get; init; }

    public PayloadLogMode Mode { get; init; } = PayloadLogMode.All;
}
