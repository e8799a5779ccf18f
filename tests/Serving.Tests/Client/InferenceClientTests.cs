using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Serving.Client;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;
using Modelplane.Serving.Tests.Http;

namespace Modelplane.Serving.Tests.Client;

/// <summary>
/// The inference client against a real model server on 127.0.0.1, over each protocol: tensors round-trip, metadata and
/// readiness are the server's, its refusals keep their status and its message, and a server that cannot be reached or
/// does not answer is a 503 that names its address.
/// </summary>
public sealed class InferenceClientTests(ClientFixture fixture) : IClassFixture<ClientFixture>
{
    private static readonly float[] Floats = [1.5f, -2.25f, 3e-8f, float.MaxValue];
    private static readonly long[] Longs = [long.MinValue, 42];
    private static readonly string[] Texts = ["héllo, wörld", string.Empty];

    public static TheoryData<InferenceProtocol> Protocols { get; } = [InferenceProtocol.Rest, InferenceProtocol.Binary, InferenceProtocol.Grpc];

    /// <summary>
    /// Each row: what is wrong, the model and version asked, whether the FP32 input has the wrong shape, the status the
    /// client must report, and how its message starts ({server} is the server's description) before the server's own.
    /// </summary>
    public static TheoryData<string, InferenceProtocol, string, string?, bool, int, string> Refusals { get; } = Expand(
        ("a model the server does not serve", "tulip", null, false, 404, "{server} does not serve model 'tulip': "),
        ("a version the server does not serve", ClientFixture.Echo, "7", false, 404, "{server} does not serve model 'echo' version 7: "),
        ("an input of the wrong shape", ClientFixture.Echo, null, true, 400, "the predictor refused the request for model 'echo': "),
        ("a model that failed to load", ClientFixture.Broken, null, false, 503, "{server} is not ready for an inference of model 'broken': "));

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task A_round_trip_carries_fp32_int64_and_bytes_tensors(InferenceProtocol protocol)
    {
        await using var services = fixture.Connect(protocol);
        var client = services.GetRequiredService<IInferenceClient>();

        var response = await client.InferAsync(ClientFixture.Echo, null, EchoRequest());

        Assert.Equal((ClientFixture.Echo, "1", "r1"), (response.ModelName, response.ModelVersion, response.Id));
        var fp32 = Output(response, "y_fp32", TensorDataType.FP32, [2, 2]);
        var int64 = Output(response, "y_int64", TensorDataType.Int64, [2]);
        var bytes = Output(response, "y_bytes", TensorDataType.Bytes, [2]);
        Assert.Equal(Floats, fp32.AsSpan<float>().ToArray());
        Assert.Equal(Longs, int64.AsSpan<long>().ToArray());
        Assert.Equal(Texts, BytesElements.Enumerate(bytes.Data).Select(e => Encoding.UTF8.GetString(e.Span)));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Only_the_outputs_asked_for_come_back(InferenceProtocol protocol)
    {
        await using var services = fixture.Connect(protocol);
        var client = services.GetRequiredService<IInferenceClient>();
        var request = EchoRequest();

        var response = await client.InferAsync(ClientFixture.Echo, "1", new InferenceRequest { Inputs = request.Inputs, Outputs = [new RequestedOutput("y_int64")] });

        Assert.Equal(Longs, Output(response, "y_int64", TensorDataType.Int64, [2]).AsSpan<long>().ToArray());
        Assert.Single(response.Outputs);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Metadata_and_readiness_are_the_servers(InferenceProtocol protocol)
    {
        await using var services = fixture.Connect(protocol);
        var client = services.GetRequiredService<IInferenceClient>();

        var metadata = await client.GetModelMetadataAsync(ClientFixture.Echo, null);

        Assert.Equal((ClientFixture.Echo, "test"), (metadata.Name, metadata.Platform));
        Assert.Equal(["1"], metadata.Versions);
        Assert.Equal(["x_fp32 FP32 [-1,2]", "x_int64 INT64 [-1]", "x_bytes BYTES [-1]"], metadata.Inputs.Select(i => i.ToString()));
        Assert.Equal(["y_fp32 FP32 [-1,2]", "y_int64 INT64 [-1]", "y_bytes BYTES [-1]"], metadata.Outputs.Select(o => o.ToString()));
        Assert.True(await client.IsModelReadyAsync(ClientFixture.Echo, "1"));
        Assert.False(await client.IsModelReadyAsync(ClientFixture.Broken, null));
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refusal_keeps_the_servers_status_and_message(
        string problem, InferenceProtocol protocol, string model, string? version, bool wrongShape, int status, string start)
    {
        await using var services = fixture.Connect(protocol);
        var client = services.GetRequiredService<IInferenceClient>();
        var request = wrongShape ? WrongShapeRequest() : EchoRequest();
        var path = version is null ? $"/v2/models/{model}/infer" : $"/v2/models/{model}/versions/{version}/infer";

        var error = await Assert.ThrowsAsync<InferenceException>(() => client.InferAsync(model, version, request));

        var server = $"the predictor at {fixture.Address(protocol).GetLeftPart(UriPartial.Authority)}";
        var serverMessage = await fixture.ServerErrorAsync(path, Json(request));
        Assert.True(status == error.StatusCode, $"{problem}: {error.StatusCode} {error.Message}");
        Assert.Equal(start.Replace("{server}", server, StringComparison.Ordinal) + serverMessage, error.Message);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task A_request_over_the_servers_limit_is_a_413(InferenceProtocol protocol)
    {
        await using var services = fixture.Connect(protocol);
        var client = services.GetRequiredService<IInferenceClient>();
        var large = new InferenceRequest
        {
            Inputs =
            [
                InferenceTensor.FromValues<float>("x_fp32", TensorDataType.FP32, [1, 2], [1, 2]),
                InferenceTensor.FromValues<long>("x_int64", TensorDataType.Int64, [1], [1]),
                InferenceTensor.FromStrings("x_bytes", [1], [new string('x', ServingHost.MaxRequestBodySize * 2)]),
            ],
        };

        var error = await Assert.ThrowsAsync<InferenceException>(() => client.InferAsync(ClientFixture.Echo, null, large));

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, error.StatusCode);
        Assert.StartsWith("the predictor refused the request for model 'echo' as too large: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task An_unreachable_server_is_a_503_that_names_its_address(InferenceProtocol protocol)
    {
        var address = SilentServer.ClosedPort();
        await using var services = ClientFixture.Connect(address, protocol);
        var client = services.GetRequiredService<IInferenceClient>();

        var error = await Assert.ThrowsAsync<InferenceException>(() => client.InferAsync(ClientFixture.Echo, null, EchoRequest()));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, error.StatusCode);
        Assert.StartsWith($"the predictor at http://{address} is unreachable for an inference of model 'echo': Connection refused", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task A_server_that_does_not_answer_is_a_503_that_names_the_timeout_and_its_setting(InferenceProtocol protocol)
    {
        using var silent = new SilentServer();
        await using var services = ClientFixture.Connect(silent.Address, protocol, new Dictionary<string, string?> { ["TimeoutSeconds"] = "0.2" });
        var client = services.GetRequiredService<IInferenceClient>();

        var error = await Assert.ThrowsAsync<InferenceException>(() => client.GetModelMetadataAsync(ClientFixture.Echo, "1"));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, error.StatusCode);
        Assert.Equal($"the predictor at http://{silent.Address} did not answer the metadata of model 'echo' version 1 within 0.2 s (Serving:Client:TimeoutSeconds)", error.Message);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Headers_go_with_every_call_and_a_401_stays_a_401(InferenceProtocol protocol)
    {
        await using var server = await ServingHost.StartAsync(RequireKey, ClientFixture.EchoModel());
        var address = protocol == InferenceProtocol.Grpc ? server.GrpcAddress : server.Client.BaseAddress!;
        await using var without = ClientFixture.Connect(address.ToString(), protocol);
        await using var with = ClientFixture.Connect(address.ToString(), protocol, new Dictionary<string, string?> { ["Headers:X-Api-Key"] = "secret" });

        var error = await Assert.ThrowsAsync<InferenceException>(() => without.GetRequiredService<IInferenceClient>().InferAsync(ClientFixture.Echo, null, EchoRequest()));
        var response = await with.GetRequiredService<IInferenceClient>().InferAsync(ClientFixture.Echo, null, EchoRequest());

        Assert.Equal(StatusCodes.Status401Unauthorized, error.StatusCode);
        Assert.Equal($"the predictor at {address.GetLeftPart(UriPartial.Authority)} answered 401 to an inference of model 'echo': no API key", error.Message);
        Assert.Equal(3, response.Outputs.Count);
    }

    [Theory]
    [InlineData(InferenceProtocol.Rest)]
    [InlineData(InferenceProtocol.Binary)]
    public async Task A_v1_prediction_passes_the_body_and_the_answer_as_they_are(InferenceProtocol protocol)
    {
        await using var services = fixture.Connect(protocol);
        var body = """{"instances": [[6.8, 2.8, 4.8, 1.4], [5.1, 3.5, 1.4, 0.2]]}"""u8.ToArray();
        using var direct = await fixture.Http.PostAsync(new Uri($"/v1/models/{ClientFixture.Iris}:predict", UriKind.Relative), new ByteArrayContent(body));

        using var answer = await services.GetRequiredService<IInferenceClient>().PredictV1Async(ClientFixture.Iris, body);

        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Equal(await direct.Content.ReadAsStringAsync(), JsonSerializer.Serialize(answer.RootElement));
    }

    [Fact]
    public async Task A_v1_prediction_over_grpc_is_a_501_that_says_v1_needs_rest()
    {
        await using var services = fixture.Connect(InferenceProtocol.Grpc);

        var error = await Assert.ThrowsAsync<InferenceException>(() => services.GetRequiredService<IInferenceClient>().PredictV1Async(ClientFixture.Iris, "{}"u8.ToArray()));

        Assert.Equal(StatusCodes.Status501NotImplemented, error.StatusCode);
        Assert.Equal("a v1 prediction of model 'iris' needs REST: KServe v1 has no gRPC form, and Serving:Client:Protocol is grpc", error.Message);
    }

    [Fact]
    public async Task A_client_without_an_address_says_which_setting_to_give()
    {
        await using var services = ClientFixture.Connect(string.Empty, InferenceProtocol.Binary);

        var error = await Assert.ThrowsAsync<InferenceException>(() => services.GetRequiredService<IInferenceClient>().IsModelReadyAsync(ClientFixture.Echo, null));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, error.StatusCode);
        Assert.Equal("no predictor to call: Serving:Client:Address is not set", error.Message);
    }

    [Fact]
    public async Task The_client_is_built_before_its_settings_are_read_so_a_bad_setting_is_met_at_the_first_call()
    {
        // A server builds its routes, and so the client, before it checks its settings and stops in one line.
        await using var services = ClientFixture.Connect("127.0.0.1:8080", InferenceProtocol.Rest, new Dictionary<string, string?> { ["Protocol"] = "soap" });

        var client = services.GetRequiredService<IInferenceClient>();

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => client.IsModelReadyAsync(ClientFixture.Echo, null));
        Assert.Equal(["Serving:Client:Protocol is 'soap'; use rest, binary, grpc"], error.Failures);
    }

    private static InferenceRequest EchoRequest() => new()
    {
        Id = "r1",
        Inputs =
        [
            InferenceTensor.FromValues<float>("x_fp32", TensorDataType.FP32, [2, 2], Floats),
            InferenceTensor.FromValues<long>("x_int64", TensorDataType.Int64, [2], Longs),
            InferenceTensor.FromStrings("x_bytes", [2], Texts),
        ],
    };

    private static InferenceRequest WrongShapeRequest()
    {
        var request = EchoRequest();
        return new InferenceRequest { Inputs = [InferenceTensor.FromValues<float>("x_fp32", TensorDataType.FP32, [1, 3], [1, 2, 3]), .. request.Inputs.Skip(1)] };
    }

    // The same request as JSON, to ask the server for its own message through REST.
    private static JsonObject Json(InferenceRequest request) => new()
    {
        ["inputs"] = new JsonArray([.. request.Inputs.Select(i => (JsonNode)new JsonObject
        {
            ["name"] = i.Name,
            ["datatype"] = i.DataType.ToProtocolName(),
            ["shape"] = new JsonArray([.. i.Shape.Select(d => (JsonNode)d)]),
            ["data"] = i.DataType switch
            {
                TensorDataType.FP32 => new JsonArray([.. i.AsSpan<float>().ToArray().Select(v => (JsonNode)v)]),
                TensorDataType.Int64 => new JsonArray([.. i.AsSpan<long>().ToArray().Select(v => (JsonNode)v)]),
                _ => new JsonArray([.. BytesElements.Enumerate(i.Data).Select(e => (JsonNode)Encoding.UTF8.GetString(e.Span))]),
            },
        })]),
    };

    private static InferenceTensor Output(InferenceResponse response, string name, TensorDataType type, long[] shape)
    {
        var output = Assert.Single(response.Outputs, o => o.Name == name);
        Assert.Equal(type, output.DataType);
        Assert.Equal(shape, output.Shape);
        return output;
    }

    // A key check in front of the server, as the gateway's: REST gets a 401 body, gRPC a trailers-only UNAUTHENTICATED.
    private static void RequireKey(WebApplication app) => app.Use(async (context, next) =>
    {
        if (context.Request.Headers["X-Api-Key"] == "secret")
        {
            await next(context);
        }
        else if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)global::Grpc.Core.StatusCode.Unauthenticated).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = "no API key";
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new ErrorResponse("no API key"));
        }
    });

    private static TheoryData<string, InferenceProtocol, string, string?, bool, int, string> Expand(
        params (string Problem, string Model, string? Version, bool WrongShape, int Status, string Start)[] rows)
    {
        var data = new TheoryData<string, InferenceProtocol, string, string?, bool, int, string>();
        foreach (var protocol in Protocols)
        {
            foreach (var row in rows)
            {
                data.Add(row.Problem, protocol, row.Model, row.Version, row.WrongShape, row.Status, row.Start);
            }
        }

        return data;
    }
}
