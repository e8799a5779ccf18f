namespace Modelplane.Serving.Models;

/// <summary>Where a model version is in its life.</summary>
public enum ModelState
{
    /// <summary>Known but not yet loaded.</summary>
    Pending,

    /// <summary>Loading and warming up.</summary>
    Loading,

    /// <summary>Serving.</summary>
    Ready,

    /// <summary>Loading failed; <see cref="InferenceModel.FailureReason"/> says why.</summary>
    Failed,

    /// <summary>Refusing new requests and waiting for those in flight before it releases what it holds.</summary>
    Unloading,

    /// <summary>Unloaded: it holds nothing and serves nothing.</summary>
    Unloaded,
}
