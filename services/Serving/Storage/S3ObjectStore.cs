using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Modelplane.Serving.Storage;

/// <summary>
/// The operations models need from an S3 store: list a prefix, download an object with its size and checksum
/// verified, and upload a file (in parts when large), each reporting progress; failures become one
/// <see cref="ModelStoreException"/> that names the store and what to do.
/// </summary>
public sealed class S3ObjectStore(IAmazonS3 client, S3Connection connection) : IDisposable
{
    /// <summary>Files from this size are uploaded in parts of this size.</summary>
    public const long PartSize = 16L * 1024 * 1024;

    /// <summary>Opens a store from its connection.</summary>
    public static S3ObjectStore Open(S3Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new S3ObjectStore(connection.CreateClient(), connection);
    }

    /// <summary>Every object under a prefix (or the one object the prefix names), by key.</summary>
    public async Task<IReadOnlyList<StoredObject>> ListAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        var objects = new List<StoredObject>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        try
        {
            ListObjectsV2Response response;
            do
            {
                response = await client.ListObjectsV2Async(request, cancellationToken);
                objects.AddRange((response.S3Objects ?? []).Select(o => new StoredObject(o.Key, o.Size ?? 0, o.ETag ?? string.Empty)));
                request.ContinuationToken = response.NextContinuationToken;
            }
            while (response.IsTruncated == true);
        }
        catch (Exception e) when (Translate(e, $"s3://{bucket}/{prefix}") is { } error)
        {
            throw error;
        }

        return objects;
    }

    /// <summary>Downloads an object into a file, checking its size and, when its ETag is an MD5, its checksum.</summary>
    public async Task DownloadAsync(string bucket, StoredObject stored, string destination, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var where = $"s3://{bucket}/{stored.Key}";
        long written = 0;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        try
        {
            using var response = await client.GetObjectAsync(bucket, stored.Key, cancellationToken);
            await using var body = response.ResponseStream;
            await using var file = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                md5.AppendData(buffer, 0, read);
                written += read;
                progress?.Invoke(written);
            }
        }
        catch (Exception e) when (Translate(e, where) is { } error)
        {
            throw error;
        }

        if (written != stored.Size)
        {
            throw new ModelStoreException($"download of {where} is incomplete: {written} of {stored.Size} bytes arrived; it was not used");
        }

        var etag = stored.ETag.Trim('"');
        if (etag.Length == 32 && !etag.Contains('-', StringComparison.Ordinal) && !Convert.ToHexStringLower(md5.GetHashAndReset()).Equals(etag, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelStoreException($"download of {where} does not match its checksum (ETag {etag}): the stored object or the transfer is corrupt; it was not used");
        }
    }

    /// <summary>Uploads a file, in parts when it is large, reporting the bytes sent.</summary>
    public async Task UploadAsync(string bucket, string key, string file, Action<long>? progress, CancellationToken cancellationToken)
    {
        var where = $"s3://{bucket}/{key}";
        var size = new FileInfo(file).Length;
        try
        {
            if (size < PartSize)
            {
                await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, FilePath = file, UseChunkEncoding = false }, cancellationToken);
                progress?.Invoke(size);
                return;
            }

            await UploadInPartsAsync(bucket, key, file, size, progress, cancellationToken);
        }
        catch (Exception e) when (Translate(e, where) is { } error)
        {
            throw error;
        }
    }

    /// <summary>Creates a bucket unless it exists.</summary>
    public async Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
        catch (Exception e) when (Translate(e, $"s3://{bucket}") is { } error)
        {
            throw error;
        }
    }

    /// <inheritdoc />
    public void Dispose() => client.Dispose();

    private async Task UploadInPartsAsync(string bucket, string key, string file, long size, Action<long>? progress, CancellationToken cancellationToken)
    {
        var upload = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            long sent = 0;
            for (var number = 1; sent < size; number++)
            {
                var length = Math.Min(PartSize, size - sent);
                var part = await client.UploadPartAsync(
                    new UploadPartRequest
                    {
                        BucketName = bucket,
                        Key = key,
                        UploadId = upload.UploadId,
                        PartNumber = number,
                        FilePath = file,
                        FilePosition = sent,
                        PartSize = length,
                        IsLastPart = sent + length == size,
                        UseChunkEncoding = false,
                    },
                    cancellationToken);
                parts.Add(new PartETag { PartNumber = number, ETag = part.ETag });
                sent += length;
                progress?.Invoke(sent);
            }

            await client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = upload.UploadId, PartETags = parts },
                cancellationToken);
        }
        catch
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = upload.UploadId }, CancellationToken.None);
            throw;
        }
    }

    private ModelStoreException? Translate(Exception e, string where) => e switch
    {
        ModelStoreException => null,
        OperationCanceledException => null,
        AmazonS3Exception { ErrorCode: "NoSuchBucket" } => new ModelStoreException(
            $"{where}: the bucket does not exist in the store at {connection}; create it, or push the model there first", e),
        AmazonS3Exception { ErrorCode: "NoSuchKey" } => new ModelStoreException($"{where}: no such object in the store at {connection}", e),
        AmazonS3Exception { ErrorCode: "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied" or "InvalidToken" or "ExpiredToken" } s3 => new ModelStoreException(
            $"{where}: the store at {connection} refused the credentials ({s3.ErrorCode}); check the access key and secret (the connection string, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)", e),
        AmazonServiceException { StatusCode: HttpStatusCode.Forbidden } => new ModelStoreException(
            $"{where}: the store at {connection} refused access; check the credentials and the bucket's policy", e),
        _ when IsUnreachable(e) => new ModelStoreException($"{where}: the store at {connection} is unreachable ({Innermost(e).Message})", e),
        AmazonServiceException service => new ModelStoreException($"{where}: the store at {connection} answered {service.ErrorCode ?? service.StatusCode.ToString()}: {service.Message}", e),

        // The SDK checks a download's MD5 itself when the store sends one, before this class's own check.
        AmazonClientException client when client.Message.Contains("hash", StringComparison.OrdinalIgnoreCase) => new ModelStoreException(
            $"download of {where} does not match its checksum: the stored object or the transfer is corrupt; it was not used", e),
        AmazonClientException client => new ModelStoreException($"{where}: talking to the store at {connection} failed: {client.Message}", e),
        _ => null,
    };

    private static bool IsUnreachable(Exception e) =>
        e is HttpRequestException or SocketException or IOException || (e.InnerException is { } inner && IsUnreachable(inner));

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
