namespace Modelplane.Hosting.Specs.Reading;

/// <summary>Where one entry of a mapping of text values is written, and whether its value is unquoted, as a number would be.</summary>
internal sealed record WrittenEntry(string Field, int Line, bool Plain);
