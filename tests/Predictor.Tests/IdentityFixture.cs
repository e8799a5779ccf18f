using Grpc.Net.Client;
using Modelplane.Serving.Grpc.V2;

namespace Modelplane.Predictor.Tests;

/// <summary>One predictor shared by a test class: an identity model per datatype (see <see cref="IdentityModels"/>) and iris.</summary>
public sealed class IdentityFixture : IAsyncLifetime
{
    private readonly TestModelRepository _repository = new();
    private PredictorFactory? _factory;
    private GrpcChannel? _channel;

    public HttpClient Client { get; private set; } = null!;

    public GRPCInferenceService.GRPCInferenceServiceClient Grpc { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _repository.AddIris();
        foreach (var dataType in IdentityModels.DataTypes)
        {
            _repository.AddModelFile(IdentityModels.Name(dataType), 1, IdentityModels.Build(dataType));
        }

        _factory = new PredictorFactory(_repository.Root);
        Client = await _factory.StartAsync();
        _channel = GrpcChannel.ForAddress(_factory.GrpcAddress);
        Grpc = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        Client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        _repository.Dispose();
    }
}
