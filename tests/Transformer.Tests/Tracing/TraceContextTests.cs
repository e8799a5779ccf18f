using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Modelplane.Transformer.Tests.Hosting;
using Modelplane.Transformer.Tests.Images;
using SkiaSharp;

namespace Modelplane.Transformer.Tests.Tracing;

/// <summary>
/// One trace from the caller through the transformer to the predictor: the transformer continues the incoming W3C
/// <c>traceparent</c> and passes it on, so the predictor's span is a child of the transformer's call. Both servers run
/// in this process, so a listener sees every span each of them starts.
/// </summary>
public sealed class TraceContextTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task The_incoming_traceparent_is_continued_and_passed_on_to_the_predictor()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "System.Net.Http" or "Modelplane.Transformer",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/models/colour-argmax:predict", UriKind.Relative))
        {
            Content = new StringContent(Requests.V1Images(TestImages.Solid(2, 2, SKColors.Red)).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");
        using var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // A server's span ends just after its answer is sent; wait for both servers' spans, not a guess.
        var servers = await WaitForAsync(() => [.. spans.Where(s => s.Source.Name == "Microsoft.AspNetCore")], found => found.Count >= 2);
        var transformer = Assert.Single(servers, s => s.ParentSpanId == callerSpan);
        var call = Assert.Single(spans, s => s.Source.Name == "System.Net.Http");
        var predictor = Assert.Single(servers, s => s.ParentSpanId == call.SpanId);

        Assert.Equal(traceId, predictor.TraceId);
        Assert.Equal("predict colours", Ancestor(call, spans)?.DisplayName);
        Assert.Equal(transformer.SpanId, Ancestor(Ancestor(call, spans)!, spans)?.SpanId);
        Assert.Contains(spans, s => s.DisplayName == "preprocess colour-argmax" && s.ParentSpanId == transformer.SpanId);
        Assert.Contains(spans, s => s.DisplayName == "postprocess colour-argmax" && s.ParentSpanId == transformer.SpanId);
    }

    private static Activity? Ancestor(Activity span, IEnumerable<Activity> spans) => spans.FirstOrDefault(s => s.SpanId == span.ParentSpanId);

    private static async Task<List<Activity>> WaitForAsync(Func<List<Activity>> find, Func<List<Activity>, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = find();
            if (done(found))
            {
                return found;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
