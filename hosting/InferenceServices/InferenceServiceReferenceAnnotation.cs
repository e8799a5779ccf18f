using Aspire.Hosting.ApplicationModel;

namespace Modelplane.Hosting.InferenceServices;

/// <summary>A resource calls <see cref="Service"/> through the gateway (<c>WithReference(service)</c>).</summary>
public sealed record InferenceServiceReferenceAnnotation(InferenceServiceResource Service) : IResourceAnnotation
{
    /// <summary>The problem of a reference in a graph without a gateway.</summary>
    public static string NoGateway(IResource from, IResource service) =>
        $"{from.Name}: references InferenceService '{service.Name}', which is reached through the gateway; add one with builder.AddGateway(\"gateway\")";
}
