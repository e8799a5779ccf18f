using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.Specs.Placement;

/// <summary>Whether a storage URI can be reached from this machine, and whether it names a model of the local store.</summary>
internal readonly record struct StorageReach(bool Reachable, string? StoreModel, string? Problem)
{
    public static StorageReach Of(string uri, LocalFacts facts)
    {
        StorageUri parsed;
        try
        {
            parsed = StorageUri.Parse(uri);
        }
        catch (FormatException e)
        {
            return new StorageReach(false, null, e.Message);
        }

        var inStore = parsed.Scheme == StorageScheme.S3 && string.Equals(parsed.Bucket, facts.StoreBucket, StringComparison.Ordinal) && parsed.Prefix.Length > 0;
        return new StorageReach(true, inStore ? parsed.Prefix.Split('/')[0] : null, null);
    }
}
