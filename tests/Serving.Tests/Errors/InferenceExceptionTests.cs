using Modelplane.Serving.Errors;

namespace Modelplane.Serving.Tests.Errors;

/// <summary>Each kind of error maps to one HTTP status.</summary>
public sealed class InferenceExceptionTests
{
    [Theory]
    [InlineData(InferenceErrorKind.BadRequest, 400)]
    [InlineData(InferenceErrorKind.NotFound, 404)]
    [InlineData(InferenceErrorKind.PayloadTooLarge, 413)]
    [InlineData(InferenceErrorKind.Unavailable, 503)]
    [InlineData(InferenceErrorKind.NotImplemented, 501)]
    [InlineData(InferenceErrorKind.Internal, 500)]
    public void Each_kind_has_its_status(InferenceErrorKind kind, int status)
    {
        var error = new InferenceException(kind, "message");

        Assert.Equal(status, error.StatusCode);
        Assert.Equal("message", error.Message);
    }

    [Fact]
    public void The_factories_and_plain_constructors_give_their_kinds()
    {
        Assert.Equal(InferenceErrorKind.BadRequest, InferenceException.BadRequest("x").Kind);
        Assert.Equal(InferenceErrorKind.NotFound, InferenceException.NotFound("x").Kind);
        Assert.Equal(InferenceErrorKind.PayloadTooLarge, InferenceException.PayloadTooLarge("x").Kind);
        Assert.Equal(InferenceErrorKind.Unavailable, InferenceException.Unavailable("x").Kind);
        Assert.Equal(InferenceErrorKind.NotImplemented, InferenceException.NotImplemented("x").Kind);
        Assert.Equal(InferenceErrorKind.BadRequest, new InferenceException("x").Kind);
        Assert.Equal(InferenceErrorKind.BadRequest, new InferenceException().Kind);
        var cause = new IOException("disk");
        Assert.Same(cause, InferenceException.Unavailable("x", cause).InnerException);
    }

    [Theory]
    [InlineData(400, InferenceErrorKind.BadRequest)]
    [InlineData(401, InferenceErrorKind.BadRequest)]
    [InlineData(404, InferenceErrorKind.NotFound)]
    [InlineData(413, InferenceErrorKind.PayloadTooLarge)]
    [InlineData(429, InferenceErrorKind.Unavailable)]
    [InlineData(500, InferenceErrorKind.Internal)]
    [InlineData(501, InferenceErrorKind.NotImplemented)]
    [InlineData(502, InferenceErrorKind.Unavailable)]
    [InlineData(503, InferenceErrorKind.Unavailable)]
    public void Another_servers_status_is_kept_with_the_nearest_kind(int status, InferenceErrorKind kind)
    {
        var error = InferenceException.FromStatus(status, "message");

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(kind, error.Kind);
        Assert.Equal("message", error.Message);
    }
}
