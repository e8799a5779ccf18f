using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Net.Client;
using Modelplane.Serving.Grpc.V2;
using Modelplane.Transformer.Tests.Hosting;
using Modelplane.Transformer.Tests.Images;
using SkiaSharp;

namespace Modelplane.Transformer.Tests.Predictors;

/// <summary>A client that speaks v2 gRPC to the transformer, as to any Modelplane server: the image as a raw BYTES input.</summary>
public sealed class GrpcClientTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task A_grpc_client_sends_an_image_and_gets_the_label()
    {
        await using var transformer = TransformerHost.ForModels(
            fixture.PredictorAddress.ToString(),
            new JsonObject
            {
                ["colour"] = new JsonObject
                {
                    ["PredictorModel"] = "colours",
                    ["Request"] = new JsonArray(
                        new JsonObject { ["Step"] = "image.decode" },
                        new JsonObject { ["Step"] = "image.tensor", ["Input"] = "image" }),
                    ["Response"] = new JsonArray(
                        new JsonObject { ["Step"] = "argmax", ["Output"] = "means", ["Labels"] = fixture.ColoursConfig }),
                },
            },
            new Dictionary<string, string?> { ["Serving:GrpcPort"] = "0" });
        using var http = await transformer.StartAsync();
        using var channel = GrpcChannel.ForAddress(transformer.GrpcAddress);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var image = TestImages.Solid(3, 3, SKColors.Blue, SKEncodedImageFormat.Jpeg);
        var request = new ModelInferRequest { ModelName = "colour" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "image_bytes", Datatype = "BYTES" };
        input.Shape.Add(1);
        request.Inputs.Add(input);
        request.RawInputContents.Add(ByteString.CopyFrom([.. BitConverter.GetBytes(image.Length), .. image]));

        var response = await client.ModelInferAsync(request);

        var label = response.Outputs.Select((o, i) => (o.Name, Raw: response.RawOutputContents[i])).Single(o => o.Name == "label").Raw.ToByteArray();
        Assert.Equal("blue", System.Text.Encoding.UTF8.GetString(label, 4, label.Length - 4));
    }
}
