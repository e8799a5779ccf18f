using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Modelplane.Hosting.Tests.Cli;

/// <summary>
/// The main job, as a user runs it: the built AppHost brings the sample graph up under Aspire, prints the dashboard's
/// login and a curl that works when pasted, answers <c>status</c> from another process, and on SIGTERM, Ctrl+C, SIGKILL,
/// or SIGKILL of the <c>dotnet run</c> that started it, leaves no process behind. A secret in its environment reaches
/// none of its processes. A bad spec, a port in use or a setting it cannot pass on stops it before anything starts.
/// </summary>
[Collection("AppHost processes")]
public sealed partial class AppHostRunTests
{
    private const string Secret = "MODELPLANE_TEST_SECRET";

    [Fact]
    public async Task The_sample_graph_comes_up_answers_the_printed_curl_and_stops_everything_on_sigterm()
    {
        using var data = new TemporaryDirectory("apphost-run");
        await using var apphost = AppHostProcess.Start(data.FullPath, environment: new Dictionary<string, string> { [Secret] = "hunter2" });
        await apphost.WaitUntilReadyAsync();

        // The curl line, exactly as printed: its Host, its body and its URL.
        var curl = Curl().Match(apphost.Output);
        Assert.True(curl.Success, apphost.Output);
        using var client = new HttpClient();
        using var response = await client.SendAsync(Request(curl, curl.Groups["url"].Value));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"predictions":[1,1]}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("sklearn-iris.default.example.com", curl.Groups["host"].Value);
        Assert.Matches(@"sklearn-iris: first prediction through the gateway \d+\.\d s after the AppHost started: \{""predictions"":\[1,1\]\}", apphost.Output);
        Assert.Matches(@"ready \d+\.\d s after the AppHost started", apphost.Output);
        Assert.NotNull(apphost.DashboardLogin);

        var status = await AppHostCommand.RunAsync("status", $"--Modelplane:DataDirectory={data.FullPath}");
        Assert.True(status.ExitCode == 0, status.ToString());
        var lines = status.StandardOutput.Split('\n');
        Assert.Matches(@"^NAME\s+URL\s+READY\s+PREV\s+LATEST\s+AGE\s+REPLICAS$", lines[0]);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^sklearn-iris\s+http://sklearn-iris\.default\.example\.com\s+True\s+90\s+10\s+\d+s\s+default 1/1, canary 1/1$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^iris-onnx\s+http://iris-onnx\.default\.example\.com\s+True\s+100\s+\d+s\s+default 1/1$"));

        // The sample's explainer answers :explain through the gateway with attributions per instance.
        using var explained = await client.SendAsync(Request(curl, curl.Groups["url"].Value.Replace(":predict", ":explain", StringComparison.Ordinal)));
        var explanation = System.Text.Json.Nodes.JsonNode.Parse(await explained.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, explained.StatusCode);
        Assert.Equal(2, explanation["explanations"]!.AsArray().Count);
        Assert.Matches(@"sklearn-iris: explained through the gateway: \{", apphost.Output);

        // DCP runs the store, the gateway, two predictors and two explainers of sklearn-iris, the predictor of
        // iris-onnx and the dashboard; none of them got the AppHost's secret, only what the graph gives each.
        var processes = apphost.Processes();
        var programs = processes.Select(ProcessTree.Arguments).OfType<string[]>().Select(a => string.Join(' ', a)).ToList();
        Assert.Equal(5, programs.Count(p => p.Contains("Modelplane.Predictor.dll", StringComparison.Ordinal) || p.Contains("Modelplane.Explainer.dll", StringComparison.Ordinal)));
        Assert.Single(programs, p => p.Contains("Modelplane.Gateway.dll", StringComparison.Ordinal));
        Assert.Single(programs, p => p.Contains("s3rver", StringComparison.Ordinal) || p.Contains("minio", StringComparison.Ordinal));
        Assert.Single(programs, p => p.Contains("Aspire.Dashboard", StringComparison.Ordinal));
        Assert.Equal("hunter2", ProcessTree.Environment(apphost.Id).GetValueOrDefault(Secret));

        // DCP's API server started with Modelplane's certificate rather than making a key pair of its own.
        var apiServer = ProcessTree.Arguments(ProcessTree.Watching(apphost.Id) ?? 0) ?? [];
        Assert.Contains("--tls-cert-file", apiServer);
        Assert.All(processes, p => Assert.False(ProcessTree.Environment(p).ContainsKey(Secret), $"process {p} ({string.Join(' ', ProcessTree.Arguments(p) ?? [])}) got {Secret}"));

        var exitCode = await apphost.TerminateAsync();

        Assert.Equal(0, exitCode);
        Assert.EndsWith("stopped", apphost.Output.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("restarting", apphost.Output, StringComparison.Ordinal);

        // It ends once its processes have, so a run started right after finds the gateway's port free.
        var gatewayPort = int.Parse(Regex.Match(apphost.Output, @"✓ gateway\s+http://127\.0\.0\.1:(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        using (var probe = new TcpClient())
        {
            await Assert.ThrowsAsync<SocketException>(async () => await probe.ConnectAsync(IPAddress.Loopback, gatewayPort));
        }

        await ProcessAssert.AllGoneAsync(processes);
        var after = await AppHostCommand.RunAsync("status", $"--Modelplane:DataDirectory={data.FullPath}");
        Assert.Equal(1, after.ExitCode);
        Assert.StartsWith("No AppHost is running from", after.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killed_outright_the_apphost_takes_its_processes_with_it()
    {
        using var data = new TemporaryDirectory("apphost-kill");
        await using var apphost = AppHostProcess.Start(data.FullPath);
        await apphost.WaitUntilReadyAsync();
        var processes = apphost.Processes();
        Assert.NotEmpty(processes);

        await apphost.KillHardAsync();

        await ProcessAssert.AllGoneAsync(processes);
    }

    [Fact]
    public async Task Ctrl_c_while_the_graph_is_starting_stops_everything_and_exits_0()
    {
        using var data = new TemporaryDirectory("apphost-interrupt");
        await using var apphost = AppHostProcess.Start(data.FullPath);

        // The store is up and the predictors are starting; the explainers wait for them.
        await apphost.WaitForOutputAsync("✓ models");
        var processes = apphost.Processes();
        var exitCode = await apphost.InterruptAsync();

        Assert.True(exitCode == 0, apphost.Output);
        Assert.EndsWith("stopped", apphost.Output.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("restarting", apphost.Output, StringComparison.Ordinal);
        Assert.NotEmpty(processes);
        await ProcessAssert.AllGoneAsync(processes);
    }

    [Fact]
    public async Task Killing_the_dotnet_run_that_started_it_stops_the_apphost_and_everything_it_runs()
    {
        using var data = new TemporaryDirectory("apphost-dotnet-run");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot.FullPath, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["run", "--no-build", "--project", "AppHost", "--", $"--Modelplane:DataDirectory={data.FullPath}", "--Modelplane:Endpoints:gateway:http=0"])
        {
            info.ArgumentList.Add(argument);
        }

        using var dotnetRun = Process.Start(info)!;
        var output = new StringBuilder();
        dotnetRun.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        dotnetRun.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        dotnetRun.BeginOutputReadLine();
        dotnetRun.BeginErrorReadLine();
        IReadOnlyList<int> processes = [];
        try
        {
            await Eventually.WaitAsync("the AppHost under dotnet run to be ready", () => { lock (output) { return Task.FromResult(output.ToString().Contains("Press Ctrl+C to stop.", StringComparison.Ordinal)); } }, TimeSpan.FromMinutes(3));
            var apphost = ProcessTree.Under(dotnetRun.Id).Single(p => ProcessTree.Arguments(p)?.FirstOrDefault()?.EndsWith("Modelplane.AppHost", StringComparison.Ordinal) == true);
            processes = [apphost, .. ProcessTree.Under(ProcessTree.Watching(apphost))];
            Assert.True(processes.Count > 5, string.Join(", ", processes));

            dotnetRun.Kill();
            await dotnetRun.WaitForExitAsync();

            await ProcessAssert.AllGoneAsync(processes);
        }
        finally
        {
            await ProcessTree.StopAsync([dotnetRun.Id, .. ProcessTree.Under(dotnetRun.Id), .. processes]);
        }
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
        Assert.False(Directory.Exists(Path.Combine(data.FullPath, "stores")), "the store may not have started");
    }

    [Fact]
    public async Task A_port_in_use_stops_the_start_naming_it_and_what_holds_it_is_left_alone()
    {
        using var data = new TemporaryDirectory("apphost-port");
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var run = await AppHostCommand.RunAsync("run", $"--Modelplane:DataDirectory={data.FullPath}", $"--Modelplane:Endpoints:gateway:http={port}");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"error: gateway: port {port} is already in use by process {System.Environment.ProcessId} (", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"give the gateway another port with --Modelplane:Endpoints:gateway:http=PORT", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("nothing was started", run.StandardOutput, StringComparison.Ordinal);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
    }

    [Fact]
    public async Task Gateway_settings_given_to_the_apphost_reach_the_gateway_and_its_own_request_carries_the_key()
    {
        using var data = new TemporaryDirectory("apphost-keys");
        await using var apphost = AppHostProcess.Start(data.FullPath, ["--Gateway:ApiKeys:0:Name=ci", "--Gateway:ApiKeys:0:Key=s3cr3t-key", "--Gateway:ApiKeys:0:Services:0=*", "--Gateway:MaxRequestBodySize=1000"]);
        await apphost.WaitUntilReadyAsync();

        Assert.Matches(@"sklearn-iris: first prediction through the gateway \d+\.\d s after the AppHost started: \{""predictions"":\[1,1\]\}", apphost.Output);
        var curl = Curl().Match(apphost.Output);
        Assert.True(curl.Success, apphost.Output);
        Assert.Contains("-H \"x-api-key: $KEY\"", curl.Value, StringComparison.Ordinal);
        using var client = new HttpClient();
        using var refused = await client.SendAsync(Request(curl, curl.Groups["url"].Value));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var withKey = Request(curl, curl.Groups["url"].Value);
        withKey.Headers.Add("x-api-key", "s3cr3t-key");
        using var accepted = await client.SendAsync(withKey);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var tooLarge = Request(curl, curl.Groups["url"].Value, new string(' ', 2000));
        tooLarge.Headers.Add("x-api-key", "s3cr3t-key");
        using var limited = await client.SendAsync(tooLarge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, limited.StatusCode);

        // The key reaches the gateway alone, as its own variable.
        var holders = apphost.Processes().Where(p => ProcessTree.Environment(p).Values.Contains("s3cr3t-key")).Select(p => string.Join(' ', ProcessTree.Arguments(p) ?? [])).ToList();
        Assert.Single(holders, p => p.Contains("Modelplane.Gateway.dll", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gateway_setting_the_apphost_owns_is_refused_before_anything_starts()
    {
        using var data = new TemporaryDirectory("apphost-owned");

        var run = await AppHostCommand.RunAsync("run", $"--Modelplane:DataDirectory={data.FullPath}", "--Modelplane:Endpoints:gateway:http=0", "--Gateway:RouteTable=/etc/routes.json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: gateway: Gateway:RouteTable is written by the AppHost from the graph and cannot be set; remove it from the AppHost's settings", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_store_that_dies_is_started_again_and_status_shows_it()
    {
        using var data = new TemporaryDirectory("apphost-store");
        await using var apphost = AppHostProcess.Start(data.FullPath);
        await apphost.WaitUntilReadyAsync();
        var store = apphost.Processes().Single(p => string.Join(' ', ProcessTree.Arguments(p) ?? []).Contains("s3rver", StringComparison.Ordinal));

        using (var process = Process.GetProcessById(store))
        {
            process.Kill();
        }

        await apphost.WaitForOutputAsync("✓ models");
        await Eventually.WaitAsync("the store to be ready again", () => Task.FromResult(Regex.IsMatch(apphost.Output, @"✓ models\s+http://127\.0\.0\.1:\d+, after 1 restart")));
        Assert.Matches(@"! models\s+exited with code -?\d+.*; restarting now", apphost.Output);
        var status = await AppHostCommand.RunAsync("status", $"--Modelplane:DataDirectory={data.FullPath}");
        Assert.Contains("models: ready, restarted 1 time", status.StandardOutput, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Request(Match curl, string url, string? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body ?? curl.Groups["body"].Value, Encoding.UTF8, "application/json") };
        request.Headers.Host = curl.Groups["host"].Value;
        return request;
    }

    [GeneratedRegex("""curl -H "Host: (?<host>[^"]+)"(?: -H "[^"]+")? -d '(?<body>[^']+)' (?<url>http://127\.0\.0\.1:\d+/v1/models/sklearn-iris:predict)""")]
    private static partial Regex Curl();
}
