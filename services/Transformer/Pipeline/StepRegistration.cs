namespace Modelplane.Transformer.Pipeline;

/// <summary>A step the pipeline configuration can name: its name, its side, its type and the type its settings bind to.</summary>
internal sealed record StepRegistration(string Name, StepSide Side, Type StepType, Type OptionsType);
