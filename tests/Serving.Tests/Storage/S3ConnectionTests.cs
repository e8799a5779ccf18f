using Microsoft.Extensions.Configuration;
using Modelplane.Serving.Storage;

namespace Modelplane.Serving.Tests.Storage;

/// <summary>How the servers and the CLI find the S3 store: a MinIO-style connection string, else the AWS and KServe variables.</summary>
public sealed class S3ConnectionTests
{
    [Fact]
    public void A_connection_string_gives_endpoint_keys_and_the_default_region()
    {
        var connection = S3Connection.Parse("Endpoint=http://127.0.0.1:9000;AccessKey=minio;SecretKey=minio-secret");

        Assert.Equal(new S3Connection(new Uri("http://127.0.0.1:9000"), "minio", "minio-secret", "us-east-1"), connection);
    }

    [Fact]
    public void A_connection_string_accepts_a_region_spaces_any_case_and_the_aws_key_names()
    {
        var connection = S3Connection.Parse(" endpoint = http://127.0.0.1:9000/ ; AccessKeyId=AKIA ; SecretAccessKey=a=b ; REGION=eu-west-1 ;");

        Assert.Equal(new S3Connection(new Uri("http://127.0.0.1:9000/"), "AKIA", "a=b", "eu-west-1"), connection);
    }

    [Fact]
    public void The_connection_string_form_parses_back_to_the_same_connection()
    {
        var connection = new S3Connection(new Uri("http://127.0.0.1:9000"), "S3RVER", "S3RVER", "us-east-1");

        Assert.Equal(connection, S3Connection.Parse(connection.ToConnectionString()));
    }

    [Theory]
    [InlineData("AccessKey=minio;SecretKey=minio-secret")]
    [InlineData("Endpoint=;AccessKey=minio;SecretKey=minio-secret")]
    [InlineData("")]
    public void A_connection_string_without_an_endpoint_names_it(string connectionString)
    {
        var error = Assert.Throws<FormatException>(() => S3Connection.Parse(connectionString));

        Assert.Equal("the model store connection string has no Endpoint=; write Endpoint=http://host:9000;AccessKey=...;SecretKey=...", error.Message);
    }

    [Fact]
    public void An_endpoint_that_is_no_address_is_named()
    {
        var error = Assert.Throws<FormatException>(() => S3Connection.Parse("Endpoint=http://;AccessKey=a;SecretKey=b"));

        Assert.Equal("the model store endpoint 'http://' is not an address, such as http://127.0.0.1:9000", error.Message);
    }

    [Fact]
    public void Configuration_takes_the_named_connection_string_before_the_variables()
    {
        var connection = S3Connection.FromConfiguration(Configuration(new()
        {
            ["ConnectionStrings:models"] = "Endpoint=http://127.0.0.1:9000;AccessKey=from-string;SecretKey=s",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9999",
            ["AWS_ACCESS_KEY_ID"] = "from-variables",
        }));

        Assert.Equal(new Uri("http://127.0.0.1:9000"), connection.Endpoint);
        Assert.Equal("from-string", connection.AccessKey);
    }

    [Fact]
    public void Another_connection_name_is_looked_up_by_that_name()
    {
        var configuration = Configuration(new()
        {
            ["ConnectionStrings:models"] = "Endpoint=http://127.0.0.1:9000;AccessKey=a;SecretKey=b",
            ["ConnectionStrings:archive"] = "Endpoint=http://127.0.0.1:9100;AccessKey=c;SecretKey=d",
        });

        Assert.Equal(new Uri("http://127.0.0.1:9100"), S3Connection.FromConfiguration(configuration, "archive").Endpoint);
    }

    [Fact]
    public void The_aws_variables_give_endpoint_keys_and_region()
    {
        var connection = S3Connection.FromConfiguration(Configuration(new()
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9000",
            ["AWS_ACCESS_KEY_ID"] = "key",
            ["AWS_SECRET_ACCESS_KEY"] = "secret",
            ["AWS_REGION"] = "eu-central-1",
        }));

        Assert.Equal(new S3Connection(new Uri("http://127.0.0.1:9000"), "key", "secret", "eu-central-1"), connection);
    }

    [Theory]
    [InlineData(null, "https://127.0.0.1:9000/")]
    [InlineData("1", "https://127.0.0.1:9000/")]
    [InlineData("true", "https://127.0.0.1:9000/")]
    [InlineData("0", "http://127.0.0.1:9000/")]
    [InlineData("false", "http://127.0.0.1:9000/")]
    [InlineData("FALSE", "http://127.0.0.1:9000/")]
    public void KServe_s3_endpoint_is_host_and_port_with_s3_use_https_choosing_the_scheme(string? useHttps, string endpoint)
    {
        var connection = S3Connection.FromConfiguration(Configuration(new()
        {
            ["S3_ENDPOINT"] = "127.0.0.1:9000",
            ["S3_USE_HTTPS"] = useHttps,
            ["AWS_ACCESS_KEY_ID"] = "key",
            ["AWS_SECRET_ACCESS_KEY"] = "secret",
        }));

        Assert.Equal(new Uri(endpoint), connection.Endpoint);
        Assert.Equal("key", connection.AccessKey);
        Assert.Equal("secret", connection.SecretKey);
    }

    [Fact]
    public void Aws_endpoint_url_wins_over_s3_endpoint_and_keeps_its_own_scheme()
    {
        var connection = S3Connection.FromConfiguration(Configuration(new()
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9000",
            ["S3_ENDPOINT"] = "127.0.0.1:9100",
            ["S3_USE_HTTPS"] = "1",
        }));

        Assert.Equal(new Uri("http://127.0.0.1:9000"), connection.Endpoint);
    }

    [Fact]
    public void Without_an_endpoint_the_connection_is_aws_in_its_region()
    {
        var connection = S3Connection.FromConfiguration(Configuration(new() { ["AWS_DEFAULT_REGION"] = "ap-south-1" }));

        Assert.Null(connection.Endpoint);
        Assert.Null(connection.AccessKey);
        Assert.Equal("ap-south-1", connection.Region);
        Assert.Equal("AWS S3 (ap-south-1)", connection.ToString());
    }

    [Fact]
    public void Messages_name_the_store_but_never_the_keys()
    {
        var connection = S3Connection.Parse("Endpoint=http://127.0.0.1:9000;AccessKey=visible-key;SecretKey=hidden-secret");

        Assert.Equal("http://127.0.0.1:9000/", connection.ToString());
        Assert.DoesNotContain("hidden-secret", connection.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("visible-key", connection.ToString(), StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
