using Modelplane.Hosting.ModelStore;

namespace Modelplane.EndToEnd.Tests.Storage;

/// <summary>A real local S3 server holding models/iris at s3://models/iris, pushed by the models command; stopped after the test class.</summary>
public sealed class IrisStoreFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new("modelplane-s3");
    private LocalS3Server? _server;

    public LocalS3Server Server => _server ?? throw new InvalidOperationException("the store is not started");

    public async Task InitializeAsync()
    {
        var server = await LocalS3Server.StartAsync(_data.FullPath);
        try
        {
            await ModelStoreCommand.PushAsync(RepositoryRoot.Combine("models", "iris"), "s3://models/iris", server.ConnectionString);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        _server = server;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _data.Dispose();
    }
}
