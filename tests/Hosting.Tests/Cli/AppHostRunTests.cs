using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Modelplane.Hosting.Tests.Cli;

/// <summary>
/// The main job, as a user runs it: the built AppHost brings the sample graph up, prints a curl that works when
/// pasted, answers <c>status</c> from another process, and on SIGTERM stops every process it started. Killed outright,
/// its children die with it. A bad spec stops it before anything starts.
/// </summary>
public sealed partial class AppHostRunTests
{
    [Fact]
    public async Task The_sample_graph_comes_up_answers_the_printed_curl_and_stops_everything_on_sigterm()
    {
        using var data = new TemporaryDirectory("apphost-run");
        await using var apphost = AppHostProcess.Start(data.FullPath);
        await apphost.WaitUntilReadyAsync();

        // The curl line, exactly as printed: its Host, its body and its URL.
        var curl = Curl().Match(apphost.Output);
        Assert.True(curl.Success, apphost.Output);
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, curl.Groups["url"].Value) { Content = new StringContent(curl.Groups["body"].Value, Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.Host = curl.Groups["host"].Value;
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"predictions":[1,1]}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("sklearn-iris.default.example.com", curl.Groups["host"].Value);
        Assert.Matches(@"sklearn-iris: first prediction through the gateway \d+\.\d s after the AppHost started: \{""predictions"":\[1,1\]\}", apphost.Output);
        Assert.Matches(@"ready \d+\.\d s after the AppHost started", apphost.Output);

        var status = await AppHostCommand.RunAsync("status", $"--Modelplane:DataDirectory={data.FullPath}");
        Assert.True(status.ExitCode == 0, status.ToString());
        var lines = status.StandardOutput.Split('\n');
        Assert.Matches(@"^NAME\s+URL\s+READY\s+PREV\s+LATEST\s+AGE\s+REPLICAS$", lines[0]);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^sklearn-iris\s+http://sklearn-iris\.default\.example\.com\s+True\s+90\s+10\s+\d+s\s+default 1/1, canary 1/1$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^iris-onnx\s+http://iris-onnx\.default\.example\.com\s+True\s+100\s+\d+s\s+default 1/1$"));

        // The sample's explainer answers :explain through the gateway with attributions per instance.
        using var explain = new HttpRequestMessage(HttpMethod.Post, curl.Groups["url"].Value.Replace(":predict", ":explain", StringComparison.Ordinal))
        {
            Content = new StringContent(curl.Groups["body"].Value, Encoding.UTF8, "application/json"),
        };
        explain.Headers.Host = curl.Groups["host"].Value;
        using var explained = await client.SendAsync(explain);
        var explanation = System.Text.Json.Nodes.JsonNode.Parse(await explained.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, explained.StatusCode);
        Assert.Equal(2, explanation["explanations"]!.AsArray().Count);
        Assert.Matches(@"sklearn-iris: explained through the gateway: \{", apphost.Output);

        // models, gateway, two predictors and two explainers of sklearn-iris, and the predictor of iris-onnx.
        var children = apphost.Children();
        Assert.Equal(7, children.Count);
        var exitCode = await apphost.TerminateAsync();

        Assert.Equal(0, exitCode);
        Assert.EndsWith("stopped", apphost.Output.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("restarting", apphost.Output, StringComparison.Ordinal);
        await ProcessAssert.AllGoneAsync(children);
        var after = await AppHostCommand.RunAsync("status", $"--Modelplane:DataDirectory={data.FullPath}");
        Assert.Equal(1, after.ExitCode);
        Assert.StartsWith("No AppHost is running from", after.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killed_outright_the_apphost_takes_its_children_with_it()
    {
        using var data = new TemporaryDirectory("apphost-kill");
        await using var apphost = AppHostProcess.Start(data.FullPath);
        await apphost.WaitUntilReadyAsync();
        var children = apphost.Children();
        Assert.NotEmpty(children);

        await apphost.KillHardAsync();

        await ProcessAssert.AllGoneAsync(children);
    }

    [Fact]
    public async Task Ctrl_c_while_the_graph_is_starting_stops_everything_and_exits_0()
    {
        using var data = new TemporaryDirectory("apphost-interrupt");
        await using var apphost = AppHostProcess.Start(data.FullPath);

        // The store is up and the predictors are starting; the explainers wait for them.
        await apphost.WaitForOutputAsync("✓ models");
        var children = apphost.Children();
        var exitCode = await apphost.InterruptAsync();

        Assert.True(exitCode == 0, apphost.Output);
        Assert.EndsWith("stopped", apphost.Output.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("restarting", apphost.Output, StringComparison.Ordinal);
        Assert.NotEmpty(children);
        await ProcessAssert.AllGoneAsync(children);
    }

    [Fact]
    public async Task A_bad_spec_is_reported_with_file_and_line_and_nothing_starts()
    {
        using var data = new TemporaryDirectory("apphost-bad-spec");
        using var specs = new TemporaryDirectory("apphost-specs");
        await File.WriteAllTextAsync(specs.Combine("broken.yaml"), """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: broken
            spec:
              predictor:
                minReplicas: many
                model:
                  modelFormat:
                    name: onnx
                  storageUri: s3://models/iris
            """);

        var run = await AppHostCommand.RunAsync("run", $"--Modelplane:DataDirectory={data.FullPath}", "--Modelplane:Endpoints:gateway:http=0", $"--Modelplane:Specs={specs.FullPath}");

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"error: .*broken\.yaml:7: spec\.predictor\.minReplicas: ", run.StandardOutput);
        Assert.Contains("nothing was started: fix the 1 problem above", run.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(data.FullPath, "logs")), "no replica may have started");
    }

    [GeneratedRegex("""curl -H "Host: (?<host>[^"]+)" -d '(?<body>[^']+)' (?<url>http://127\.0\.0\.1:\d+/v1/models/sklearn-iris:predict)""")]
    private static partial Regex Curl();
}
