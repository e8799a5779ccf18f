using System.Security.Cryptography;

namespace Modelplane.Hosting.Tests.ModelStore;

/// <summary>The ETag S3 gives an object uploaded in one request: the hex MD5 of its bytes.</summary>
internal static class ETag
{
    public static string Of(byte[] content)
    {
#pragma warning disable CA5351 // S3 defines the ETag as an MD5; this checks a checksum, not a secret.
        return Convert.ToHexStringLower(MD5.HashData(content));
#pragma warning restore CA5351
    }
}
