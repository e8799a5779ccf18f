using System.Net;
using System.Text;

namespace Modelplane.EndToEnd.Tests;

/// <summary>The built predictor as its own process, started the way the README starts it, spoken to over a socket.</summary>
public sealed class PredictorProcessTests
{
    [Fact]
    public async Task Serves_the_sample_repository_and_stops_cleanly_on_sigterm()
    {
        await using var predictor = ServerProcess.Start("Predictor", ["--model-repository", "models"]);
        using var client = await predictor.WaitUntilReadyAsync();

        using var content = new StringContent("""{"instances": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/v1/models/iris:predict", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"predictions":[1,1]}""", await response.Content.ReadAsStringAsync());

        var metadata = await client.GetStringAsync(new Uri("/v2/models/iris", UriKind.Relative));
        Assert.Contains("\"platform\":\"onnxruntime_onnx\"", metadata, StringComparison.Ordinal);
        Assert.Contains("model iris version 1 ready", predictor.StandardOutput, StringComparison.Ordinal);

        // Started from the repository root, the predictor still applies its own appsettings.json, whose log filter keeps
        // ASP.NET Core's per-request lines out of the console.
        Assert.DoesNotContain("Request starting", predictor.StandardOutput, StringComparison.Ordinal);

        predictor.Terminate();
        Assert.Equal(0, await predictor.WaitForExitAsync());
        Assert.Contains("Application is shutting down", predictor.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no repository", new string[0], null, "error: no model repository: pass --model-repository DIR (or an s3:// URI), or set STORAGE_URI with --model_name NAME")]
    [InlineData("missing repository", new[] { "--model-repository", "models/nowhere" }, null, "(Serving:ModelRepository) does not exist")]
    [InlineData("cuda without the gpu runtime", new[] { "--model-repository", "models" }, "cuda", "error: Serving:Onnx:ExecutionProvider is 'cuda', but this ONNX Runtime has no CUDA provider")]
    [InlineData("negative drain time", new[] { "--model-repository", "models", "--Serving:DrainSeconds=-1" }, null, "error: Serving:DrainSeconds must be from 0 to 86400 (a day)")]
    public async Task Bad_configuration_exits_with_code_2_and_one_line_on_stderr(string name, string[] arguments, string? executionProvider, string message)
    {
        var environment = executionProvider is null ? null : new Dictionary<string, string> { ["Serving__Onnx__ExecutionProvider"] = executionProvider };
        await using var predictor = ServerProcess.Start("Predictor", arguments, environment);

        Assert.True(2 == await predictor.WaitForExitAsync(), $"{name}: exit code");
        var stderr = predictor.StandardError.Trim();
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', stderr);
        Assert.DoesNotContain("   at ", predictor.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_exits_with_code_1_and_says_so()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var predictor = ServerProcess.Start(
            "Predictor", ["--model-repository", "models"], new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });

        Assert.Equal(1, await predictor.WaitForExitAsync());
        Assert.Contains("address already in use", predictor.StandardError, StringComparison.OrdinalIgnoreCase);
    }
}
