using Modelplane.Serving.Models;

namespace Modelplane.Serving.Repository;

/// <summary>Creates the model object for a version directory; each model server supplies its own (ONNX, ...).</summary>
public interface IModelFactory
{
    /// <summary>Creates an unloaded model; loading reads the files.</summary>
    InferenceModel Create(ModelVersionEntry entry);
}
