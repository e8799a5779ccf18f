namespace Modelplane.Hosting.Specs;

/// <summary>One InferenceService as Modelplane runs and publishes it, whichever YAML dialect or builder described it.</summary>
public sealed record InferenceServiceSpec
{
    /// <summary>The service's name: a DNS label, the first part of its host name and the model name requests use by default.</summary>
    public required string Name { get; init; }

    public string Namespace { get; init; } = "default";

    /// <summary>The revisions this spec describes, in order (default first), each with its share of the traffic now; the shares add up to 100.</summary>
    public required EquatableList<RevisionSpec> Revisions { get; init; }

    /// <summary>
    /// KServe's <c>canaryTrafficPercent</c>: the share the newest revision gets once an earlier revision of the service is
    /// running, the rest going to that earlier one. A KServe spec describes only its newest revision, so until the
    /// AppHost has an earlier revision to keep, <see cref="Revisions"/> gives the newest all the traffic.
    /// </summary>
    public int? CanaryTrafficPercent { get; init; }

    /// <summary>Where request and response payloads are sent, as KServe's logger; null for none.</summary>
    public PayloadLoggerSpec? Logger { get; init; }

    public EquatableDictionary Labels { get; init; } = EquatableDictionary.Empty;

    /// <summary>The object's annotations, including Modelplane's own (<see cref="ModelplaneAnnotations"/>).</summary>
    public EquatableDictionary Annotations { get; init; } = EquatableDictionary.Empty;

    /// <summary>Where the spec was read from; null when code built it. Not part of equality: it says where, not what.</summary>
    public SpecSource? Source { get; init; }

    /// <summary>The revision the spec names <paramref name="name"/>, or null.</summary>
    public RevisionSpec? FindRevision(string name) => Revisions.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));

    public bool Equals(InferenceServiceSpec? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Namespace, other.Namespace, StringComparison.Ordinal)
        && Revisions.Equals(other.Revisions)
        && CanaryTrafficPercent == other.CanaryTrafficPercent
        && Equals(Logger, other.Logger)
        && Labels.Equals(other.Labels)
        && Annotations.Equals(other.Annotations);

    public override int GetHashCode() => HashCode.Combine(Name, Namespace, Revisions, CanaryTrafficPercent, Logger, Labels, Annotations);
}
