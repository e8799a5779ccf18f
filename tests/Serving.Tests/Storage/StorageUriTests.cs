using Modelplane.Serving.Storage;

namespace Modelplane.Serving.Tests.Storage;

/// <summary>The model locations KServe's storageUri names, and the ones refused with a message saying what works.</summary>
public sealed class StorageUriTests
{
    [Theory]
    [InlineData("s3://models/iris", StorageScheme.S3, "models", "iris")]
    [InlineData("s3://models/iris/", StorageScheme.S3, "models", "iris")]
    [InlineData("s3://models/team/iris/2", StorageScheme.S3, "models", "team/iris/2")]
    [InlineData("s3://models", StorageScheme.S3, "models", "")]
    [InlineData("s3://models/", StorageScheme.S3, "models", "")]
    [InlineData("S3://models/iris", StorageScheme.S3, "models", "iris")]
    [InlineData("  s3://models/iris  ", StorageScheme.S3, "models", "iris")]
    public void An_s3_uri_gives_its_bucket_and_prefix(string value, StorageScheme scheme, string bucket, string prefix)
    {
        var uri = StorageUri.Parse(value);

        Assert.Equal(scheme, uri.Scheme);
        Assert.Equal(bucket, uri.Bucket);
        Assert.Equal(prefix, uri.Prefix);
        Assert.Equal(value.Trim(), uri.Original);
        Assert.Equal(value.Trim(), uri.ToString());
        Assert.True(uri.IsRemote);
        Assert.Empty(uri.LocalPath);
        Assert.Null(uri.HttpAddress);
    }

    [Theory]
    [InlineData("file:///srv/models", "/srv/models")]
    [InlineData("file:///srv/my%20models", "/srv/my models")]
    [InlineData("models", "models")]
    [InlineData("models/iris", "models/iris")]
    [InlineData("/srv/models", "/srv/models")]
    [InlineData("./models", "./models")]
    public void A_file_uri_or_a_plain_path_is_a_local_directory(string value, string localPath)
    {
        var uri = StorageUri.Parse(value);

        Assert.Equal(StorageScheme.File, uri.Scheme);
        Assert.Equal(localPath, uri.LocalPath);
        Assert.False(uri.IsRemote);
        Assert.Empty(uri.Bucket);
        Assert.Null(uri.HttpAddress);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8000/models/iris/model.onnx")]
    [InlineData("https://127.0.0.1/iris.onnx")]
    public void An_http_uri_names_one_file(string value)
    {
        var uri = StorageUri.Parse(value);

        Assert.Equal(StorageScheme.Http, uri.Scheme);
        Assert.Equal(new Uri(value), uri.HttpAddress);
        Assert.True(uri.IsRemote);
    }

    [Theory]
    [InlineData("", "the storage URI is empty; give s3://bucket/prefix, file:///path, a path, or an http(s) URL of a model file")]
    [InlineData("   ", "the storage URI is empty")]
    [InlineData("gs://models/iris", "storage URI 'gs://models/iris': gs:// stores are not supported here; push the model to an S3 store (s3://...), or use a file path or an http(s) URL")]
    [InlineData("hdfs://namenode/models", "hdfs:// stores are not supported here")]
    [InlineData("s3://", "storage URI 's3://' names no bucket; write s3://bucket/prefix")]
    [InlineData("s3:///iris", "names no bucket")]
    [InlineData("https://127.0.0.1/", "storage URI 'https://127.0.0.1/' must name a file, such as https://host/models/iris/model.onnx")]
    public void A_uri_that_names_no_usable_store_says_what_would_work(string value, string message)
    {
        var error = Assert.Throws<FormatException>(() => StorageUri.Parse(value));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://models/../secrets")]
    [InlineData("s3://models/iris/../../other")]
    [InlineData("s3://models/iris/..")]
    [InlineData("file:///srv/models/../etc")]
    [InlineData("file:///srv/models/%2E%2E/etc")]
    [InlineData("../models")]
    [InlineData("models/../../etc")]
    [InlineData(@"models\..\..\etc")]
    [InlineData("http://127.0.0.1/models/../secrets/model.onnx")]
    [InlineData("https://127.0.0.1/models/%2E%2E/secrets/model.onnx")]
    public void A_dot_dot_segment_is_refused_in_every_form(string value)
    {
        var error = Assert.Throws<FormatException>(() => StorageUri.Parse(value));

        Assert.Equal($"storage URI '{value}' has a '..' segment; name the model's location without one", error.Message);
    }

    [Theory]
    [InlineData("s3://models/iris..v2/1")]
    [InlineData("s3://models/.../iris")]
    [InlineData("models/iris..old")]
    public void Dots_inside_a_name_are_not_a_parent_segment(string value) =>
        Assert.NotNull(StorageUri.Parse(value));
}
