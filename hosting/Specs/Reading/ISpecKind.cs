namespace Modelplane.Hosting.Specs.Reading;

/// <summary>The API group, kind and versions of the objects a reader takes, by which a document is sent to it.</summary>
internal interface ISpecKind
{
    string ApiGroup { get; }

    string Kind { get; }

    IReadOnlyList<string> Versions { get; }
}
