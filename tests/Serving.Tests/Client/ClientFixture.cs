using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Serving.Client;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;
using Modelplane.Serving.Tests.Http;
using Modelplane.Serving.Tests.Models;

namespace Modelplane.Serving.Tests.Client;

/// <summary>
/// A real model server on 127.0.0.1 for the client to call: <c>echo</c> gives back each input <c>x_*</c> as the output
/// <c>y_*</c> (FP32, INT64 and BYTES), <c>iris</c> answers v1 too, and <c>broken</c> failed to load. <see cref="Connect"/> makes a client of it the
/// way a server does, from configuration.
/// </summary>
public sealed class ClientFixture : IAsyncLifetime
{
    public const string Echo = "echo";
    public const string Broken = "broken";
    public const string Iris = "iris";

    private ServingHost _server = null!;

    public Uri HttpAddress => _server.Client.BaseAddress!;

    public Uri GrpcAddress => _server.GrpcAddress;

    public HttpClient Http => _server.Client;

    /// <summary>The echo model, as a server whose own tests check it would serve it.</summary>
    internal static TestModel EchoModel() => new(
        Echo,
        inputs:
        [
            new TensorMetadata("x_fp32", TensorDataType.FP32, [-1, 2]),
            new TensorMetadata("x_int64", TensorDataType.Int64, [-1]),
            new TensorMetadata("x_bytes", TensorDataType.Bytes, [-1]),
        ],
        outputs:
        [
            new TensorMetadata("y_fp32", TensorDataType.FP32, [-1, 2]),
            new TensorMetadata("y_int64", TensorDataType.Int64, [-1]),
            new TensorMetadata("y_bytes", TensorDataType.Bytes, [-1]),
        ],
        predict: request => [.. request.Inputs.Select(i => new InferenceTensor("y" + i.Name[1..], i.DataType, i.Shape, i.Data))]);

    /// <summary>A client of <paramref name="address"/> over <paramref name="protocol"/>, with <paramref name="settings"/> under <c>Serving:Client</c> besides.</summary>
    public static ServiceProvider Connect(string address, InferenceProtocol protocol, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Serving:Client:Address"] = address,
            ["Serving:Client:Protocol"] = protocol.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[$"Serving:Client:{key}"] = value;
        }

        var services = new ServiceCollection();
        services.AddInferenceClient(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return services.BuildServiceProvider();
    }

    /// <summary>A client of this server over <paramref name="protocol"/>.</summary>
    public ServiceProvider Connect(InferenceProtocol protocol, IReadOnlyDictionary<string, string?>? settings = null) =>
        Connect(Address(protocol).ToString(), protocol, settings);

    /// <summary>Where <paramref name="protocol"/> reaches this server.</summary>
    public Uri Address(InferenceProtocol protocol) => protocol == InferenceProtocol.Grpc ? GrpcAddress : HttpAddress;

    /// <summary>The server's own error message for a v2 JSON request, as a client of its REST surface reads it.</summary>
    public async Task<string> ServerErrorAsync(string path, JsonObject request)
    {
        using var content = new StringContent(request.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri(path, UriKind.Relative), content);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
    }

    public async Task InitializeAsync() => _server = await ServingHost.StartAsync(
        EchoModel(), new TestModel(Iris, labels: TestModel.IrisLabels), new TestModel(Broken, "1", loadFailure: new InvalidDataException("model.onnx is truncated")));

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
