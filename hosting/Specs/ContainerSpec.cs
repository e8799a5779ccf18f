namespace Modelplane.Hosting.Specs;

/// <summary>A container a spec names: a custom server, or overrides of a framework server's container.</summary>
public sealed record ContainerSpec
{
    /// <summary>The image with its tag; null when the spec only overrides arguments or environment.</summary>
    public string? Image { get; init; }

    public EquatableList<string> Command { get; init; } = [];

    public EquatableList<string> Args { get; init; } = [];

    public EquatableDictionary Env { get; init; } = EquatableDictionary.Empty;

    /// <summary>The port the server listens on inside the container; null when not given.</summary>
    public int? Port { get; init; }
}
