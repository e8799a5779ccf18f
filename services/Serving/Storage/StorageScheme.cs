namespace Modelplane.Serving.Storage;

/// <summary>The kinds of model store.</summary>
public enum StorageScheme
{
    /// <summary>A local directory, used in place.</summary>
    File,

    /// <summary>An S3 bucket and prefix: AWS, MinIO or any S3-compatible store.</summary>
    S3,

    /// <summary>A single file over HTTP(S).</summary>
    Http,
}
