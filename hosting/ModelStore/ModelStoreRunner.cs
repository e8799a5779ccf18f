using Modelplane.Hosting.ApplicationModel;
using Modelplane.Hosting.Orchestration;
using Modelplane.Serving.Storage;

namespace Modelplane.Hosting.ModelStore;

/// <summary>Runs the local S3 server of a model store and fills it with the graph's models before anything uses it.</summary>
internal sealed class ModelStoreRunner(ModelStoreResource store, string dataDirectory, IRunObserver observer, Action<string, string> connectionString) : IResourceRunner
{
    private LocalS3Server? _server;
    private ReplicaStatus _status = new(store.Name, 0, ReplicaState.Waiting, null, new Dictionary<string, Uri>(), 0, DateTimeOffset.Now, null);

    public IResource Resource => store;

    public IReadOnlyList<ReplicaStatus> Replicas => [_status];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Change(ReplicaState.Starting, null, null);
        try
        {
            _server = await LocalS3Server.StartAsync(Path.Combine(dataDirectory, store.Name), message => Change(ReplicaState.Starting, null, message), cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            Change(ReplicaState.Failed, null, e.Message);
            throw new InvalidOperationException($"{store.Name}: the local S3 server did not start: {e.Message}", e);
        }

        _status = _status with { Endpoints = new Dictionary<string, Uri> { [EndpointAnnotation.Http] = _server.Endpoint } };
        connectionString(store.Name, _server.ConnectionString);
        using var objects = S3ObjectStore.Open(_server.Connection);
        var pusher = new ModelPusher(objects);
        foreach (var seed in store.Annotations.OfType<ModelSeedAnnotation>())
        {
            var destination = StorageUri.Parse(store.UriOf(seed.Model));
            var sent = await pusher.SyncAsync(seed.Directory, destination, cancellationToken);
            Change(ReplicaState.Starting, _server.ProcessId, sent == 0 ? $"{destination} is up to date" : $"sent {sent} files to {destination}");
        }

        Change(ReplicaState.Running, _server.ProcessId, $"{_server.Kind} on {_server.Endpoint}");
    }

    public async Task StopAsync()
    {
        if (_server is not null)
        {
            Change(ReplicaState.Stopping, _server.ProcessId, null);
            await _server.DisposeAsync();
        }

        Change(ReplicaState.Stopped, null, null);
    }

    private void Change(ReplicaState state, int? processId, string? message)
    {
        _status = _status with { State = state, ProcessId = processId, Since = DateTimeOffset.Now, Message = message };
        observer.ReplicaChanged(_status);
    }
}
