namespace Modelplane.Bench.ConstantRate;

/// <summary>One request an attack sends again and again: where, with which Host and extra headers, and the JSON body.</summary>
internal sealed record AttackTarget(string Name, Uri Url, string? Host, byte[] Body, IReadOnlyList<(string Name, string Value)>? Headers = null);
