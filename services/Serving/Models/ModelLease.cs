namespace Modelplane.Serving.Models;

/// <summary>A request's hold on a model version: while it lasts, an unload of that version waits.</summary>
public readonly struct ModelLease : IDisposable, IEquatable<ModelLease>
{
    internal ModelLease(InferenceModel model)
    {
        Model = model;
    }

    /// <summary>The model version held.</summary>
    public InferenceModel Model { get; }

    /// <summary>Runs a request on the model held; an unload that began after the lease was taken waits for it.</summary>
    public ValueTask<Protocol.InferenceResponse> InferAsync(Protocol.InferenceRequest request, CancellationToken cancellationToken) =>
        Model.InferLeasedAsync(request, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => Model?.Release();

    /// <inheritdoc />
    public bool Equals(ModelLease other) => ReferenceEquals(Model, other.Model);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ModelLease other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Model?.GetHashCode() ?? 0;

    public static bool operator ==(ModelLease left, ModelLease right) => left.Equals(right);

    public static bool operator !=(ModelLease left, ModelLease right) => !left.Equals(right);
}
