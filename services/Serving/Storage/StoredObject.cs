namespace Modelplane.Serving.Storage;

/// <summary>An object in a store: its key, size and ETag (an MD5 of the bytes unless the object was uploaded in parts).</summary>
public sealed record StoredObject(string Key, long Size, string ETag);
