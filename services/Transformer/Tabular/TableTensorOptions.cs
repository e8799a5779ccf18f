namespace Modelplane.Transformer.Tabular;

/// <summary>Settings of <c>table.tensor</c>.</summary>
public sealed class TableTensorOptions
{
    /// <summary>The predictor input the tensor is sent as.</summary>
    public string Input { get; set; } = "input";
}
