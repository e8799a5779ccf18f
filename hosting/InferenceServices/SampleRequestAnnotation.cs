using Aspire.Hosting.ApplicationModel;

namespace Modelplane.Hosting.InferenceServices;

/// <summary>
/// A request that shows the service working: the AppHost sends it through the gateway once everything is ready and
/// prints it as a <c>curl</c> to paste, and the dashboard's "Send sample request" sends it. Without one, a v2 request of
/// zeros is made from the model's metadata.
/// </summary>
/// <param name="Path">The path, such as <c>/v1/models/sklearn-iris:predict</c>.</param>
/// <param name="Json">The body.</param>
public sealed record SampleRequestAnnotation(string Path, string Json) : IResourceAnnotation;
