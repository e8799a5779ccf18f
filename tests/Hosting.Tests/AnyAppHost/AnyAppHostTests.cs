using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Modelplane.Hosting.Tests.AnyAppHost;

/// <summary>
/// Modelplane in an Aspire AppHost of someone else's (tests/Apps/TestAppHost, run in this process by Aspire's testing
/// builder): an InferenceService beside an ordinary web project, which references it and calls it by name through
/// service discovery; the call reaches the model through the gateway.
/// </summary>
[Collection("AppHost processes")]
public sealed class AnyAppHostTests
{
    [Fact]
    public async Task A_web_project_calls_an_inference_service_it_references_through_service_discovery()
    {
        using var data = new TemporaryDirectory("any-apphost");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Modelplane.TestAppHost.TestAppHostEntry>([$"--Modelplane:DataDirectory={data.FullPath}"]);
        await using var app = await builder.BuildAsync();
        await app.StartAsync();
        await app.ResourceNotifications.WaitForResourceAsync("web", KnownResourceStates.Running).WaitAsync(TimeSpan.FromMinutes(3));

        using var client = app.CreateHttpClient("web");
        using var answer = await client.GetAsync(new Uri("/species?features=6.8,2.8,4.8,1.4", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("""{"predictions":[1]}""", await answer.Content.ReadAsStringAsync());
        Assert.True(app.ResourceNotifications.TryGetCurrentState("iris", out var iris));
        Assert.Equal(KnownResourceStates.Running, iris.Snapshot.State?.Text);
        await app.StopAsync();
    }
}
