namespace Modelplane.Serving.Storage;

/// <summary>A model store could not give what was asked: unreachable, refused, missing, or a download that failed its check.</summary>
public sealed class ModelStoreException : Exception
{
    /// <summary>Creates the error with a message that names the store and what to do.</summary>
    public ModelStoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error.</summary>
    public ModelStoreException()
    {
    }

    /// <summary>Creates the error.</summary>
    public ModelStoreException(string message)
        : base(message)
    {
    }
}
