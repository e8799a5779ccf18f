namespace Modelplane.Hosting.Specs;

/// <summary>A model format as KServe's <c>modelFormat</c> names it: a lower-case name and an optional version.</summary>
public sealed record ModelFormat(string Name, string? Version = null)
{
    /// <summary>The format Modelplane's predictor runs.</summary>
    public static ModelFormat Onnx { get; } = new("onnx");

    public bool IsOnnx => string.Equals(Name, Onnx.Name, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Version is null ? Name : $"{Name} {Version}";
}
