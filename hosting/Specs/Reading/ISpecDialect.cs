namespace Modelplane.Hosting.Specs.Reading;

/// <summary>One YAML dialect of an inference service (an API group, its versions and a kind), read into the normalized spec.</summary>
internal interface ISpecDialect : ISpecKind
{
    /// <summary>Reads one document of this dialect; null when it has errors, which are reported in its document.</summary>
    InferenceServiceSpec? Read(YamlMap document);
}
