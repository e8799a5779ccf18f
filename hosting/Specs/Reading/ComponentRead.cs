namespace Modelplane.Hosting.Specs.Reading;

/// <summary>A component as read, with the fields that belong to its revision or service rather than to itself.</summary>
internal sealed record ComponentRead(ComponentSpec Spec, ExtensionFields Extension);
