namespace Modelplane.Hosting.Specs.Reading;

/// <summary>The revision and role a component is read for, so that what is read can be located for later messages.</summary>
internal sealed record ComponentScope(SpecDocument Document, string Revision, ComponentRole Role)
{
    /// <summary>Records where <paramref name="key"/> of <paramref name="map"/> is written, when it is.</summary>
    public void Locate(SpecField field, YamlMap map, string key)
    {
        if (map.Has(key))
        {
            Document.Locate(Revision, Role, field, map.Field(key), map.LineOf(key));
        }
    }

    /// <summary>Records where the component itself is written, and its annotations when it has them.</summary>
    public void LocateComponent(YamlMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        Document.Locate(Revision, Role, SpecField.Component, map.Path, map.Line);
        Locate(SpecField.Annotations, map, "annotations");
    }
}
