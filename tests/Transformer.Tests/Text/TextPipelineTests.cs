using System.Net;
using System.Text.Json.Nodes;
using Modelplane.Transformer.Tests.Hosting;

namespace Modelplane.Transformer.Tests.Text;

/// <summary>Text to token ids and an attention mask with Microsoft.ML.Tokenizers, handed back by an echo model.</summary>
public sealed class TextPipelineTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Text_becomes_word_piece_ids_between_cls_and_sep_padded_to_the_maximum()
    {
        // [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3; hello 5, world 6, model 7, ##plane 8, serves 9, "." 10.
        var (status, body) = await _client.PostJsonAsync("/v1/models/text:predict", new JsonObject
        {
            ["instances"] = new JsonArray(new JsonObject { ["text"] = "Hello world." }, "Modelplane serves zebras"),
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var predictions = body!["predictions"]!.AsArray();
        Assert.Equal("[2,5,6,10,3,0,0,0]", predictions[0]!["ids"]!.ToJsonString());
        Assert.Equal("[1,1,1,1,1,0,0,0]", predictions[0]!["mask"]!.ToJsonString());
        Assert.Equal("[2,7,8,9,1,3,0,0]", predictions[1]!["ids"]!.ToJsonString());
        Assert.Equal("[1,1,1,1,1,1,0,0]", predictions[1]!["mask"]!.ToJsonString());
    }

    [Fact]
    public async Task Longest_padding_pads_to_the_longest_row_and_truncation_cuts_before_sep()
    {
        var request = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = "text",
                ["datatype"] = "BYTES",
                ["shape"] = new JsonArray(2),
                ["data"] = new JsonArray("hello", "hello world. hello world. hello"),
            }),
        };

        var (status, body) = await _client.PostJsonAsync("/v2/models/text-longest/infer", request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([2L, 8], body.Output("ids").Shape());
        Assert.Equal([2.0, 5, 3, 0, 0, 0, 0, 0, 2, 5, 6, 10, 5, 6, 10, 3], body.Output("ids").Numbers());
        Assert.Equal([1.0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1], body.Output("mask").Numbers());
    }
}
