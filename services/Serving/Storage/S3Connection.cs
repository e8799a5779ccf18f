using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Configuration;

namespace Modelplane.Serving.Storage;

/// <summary>
/// How to reach an S3 store: from a MinIO-style connection string (<c>Endpoint=http://host:9000;AccessKey=...;SecretKey=...</c>,
/// as Aspire passes it in <c>ConnectionStrings__{name}</c>), else from the usual variables (<c>AWS_ENDPOINT_URL</c> or
/// <c>S3_ENDPOINT</c>, <c>S3_USE_HTTPS</c>, <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_REGION</c>).
/// </summary>
public sealed record S3Connection(Uri? Endpoint, string? AccessKey, string? SecretKey, string Region)
{
    /// <summary>The connection-string name the serving SDK looks for by default, the AppHost's model store.</summary>
    public const string DefaultName = "models";

    /// <summary>Reads the connection from configuration: <c>ConnectionStrings:{name}</c> first, then the variables.</summary>
    public static S3Connection FromConfiguration(IConfiguration configuration, string? connectionName = DefaultName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (connectionName is not null && configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            return Parse(connectionString);
        }

        var useHttps = configuration["S3_USE_HTTPS"] is not { } https || https is not ("0" or "false" or "False" or "FALSE");
        var endpoint = configuration["AWS_ENDPOINT_URL"] ?? configuration["AWS_ENDPOINT_URL_S3"] ?? configuration["S3_ENDPOINT"];
        return new S3Connection(
            endpoint is { Length: > 0 } ? ToUri(endpoint, useHttps) : null,
            configuration["AWS_ACCESS_KEY_ID"],
            configuration["AWS_SECRET_ACCESS_KEY"],
            configuration["AWS_REGION"] ?? configuration["AWS_DEFAULT_REGION"] ?? "us-east-1");
    }

    /// <summary>Parses <c>Endpoint=...;AccessKey=...;SecretKey=...[;Region=...]</c>; a <see cref="FormatException"/> names what is missing.</summary>
    public static S3Connection Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Endpoint", out var endpoint) || endpoint.Length == 0)
        {
            throw new FormatException("the model store connection string has no Endpoint=; write Endpoint=http://host:9000;AccessKey=...;SecretKey=...");
        }

        return new S3Connection(
            ToUri(endpoint, useHttps: false),
            parts.GetValueOrDefault("AccessKey") ?? parts.GetValueOrDefault("AccessKeyId"),
            parts.GetValueOrDefault("SecretKey") ?? parts.GetValueOrDefault("SecretAccessKey"),
            parts.GetValueOrDefault("Region") ?? "us-east-1");
    }

    /// <summary>The connection string form, as the AppHost passes it on.</summary>
    public string ToConnectionString() =>
        $"Endpoint={Endpoint?.ToString().TrimEnd('/')};AccessKey={AccessKey};SecretKey={SecretKey};Region={Region}";

    /// <summary>
    /// A client that signs every request, addresses buckets by path (as MinIO and local stores need), sends plain
    /// (not aws-chunked) bodies, and adds checksums only where S3 requires them, so MinIO, AWS and s3rver all accept it.
    /// </summary>
    public IAmazonS3 CreateClient()
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = true,
            AuthenticationRegion = Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 2,
            Timeout = TimeSpan.FromSeconds(100),
        };
        if (Endpoint is not null)
        {
            config.ServiceURL = Endpoint.ToString();
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(Region);
        }

        AWSCredentials credentials = AccessKey is { Length: > 0 }
            ? new BasicAWSCredentials(AccessKey, SecretKey ?? string.Empty)
            : new AnonymousAWSCredentials();
        return new AmazonS3Client(credentials, config);
    }

    /// <summary>Where the store is, for messages; never the keys.</summary>
    public override string ToString() => Endpoint?.ToString() ?? $"AWS S3 ({Region})";

    // KServe's S3_ENDPOINT is host:port with S3_USE_HTTPS choosing the scheme; AWS_ENDPOINT_URL carries its scheme.
    private static Uri ToUri(string endpoint, bool useHttps) =>
        Uri.TryCreate(endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : $"{(useHttps ? "https" : "http")}://{endpoint}", UriKind.Absolute, out var uri)
            ? uri
            : throw new FormatException($"the model store endpoint '{endpoint}' is not an address, such as http://127.0.0.1:9000");
}
