using System.Net;
using System.Text;

namespace Modelplane.EndToEnd.Tests;

/// <summary>
/// The predictor compiled ahead of time, which an AppHost built with <c>-p:ModelplaneNativePredictor=true</c> runs for
/// its replicas (a scale from zero waits for it to start): it answers as the JIT-compiled one does, and refuses bad
/// settings in the same one line. Trimming and AOT compilation change how settings are bound and services are made,
/// so both are shown on the published program itself.
/// </summary>
public sealed class NativePredictorTests(NativePredictor native) : IClassFixture<NativePredictor>
{
    [Fact]
    public async Task Serves_v1_and_v2_requests_metadata_and_the_repository_index_and_stops_cleanly_on_sigterm()
    {
        await using var predictor = ServerProcess.Start("Predictor", ["--model-repository", "models"], native: native.Program);
        using var client = await predictor.WaitUntilReadyAsync();

        using var v1 = await client.PostAsync(new Uri("/v1/models/iris:predict", UriKind.Relative),
            new StringContent("""{"instances": [[6.8, 2.8, 4.8, 1.4], [5.1, 3.5, 1.4, 0.2]]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);
        Assert.Equal("""{"predictions":[1,0]}""", await v1.Content.ReadAsStringAsync());

        using var v2 = await client.PostAsync(new Uri("/v2/models/iris/infer", UriKind.Relative),
            new StringContent("""{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[6.8,2.8,4.8,1.4]}],"outputs":[{"name":"label"}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, v2.StatusCode);
        Assert.Equal("""{"model_name":"iris","model_version":"1","outputs":[{"name":"label","datatype":"INT64","shape":[1],"data":[1]}]}""", await v2.Content.ReadAsStringAsync());

        var metadata = await client.GetStringAsync(new Uri("/v2/models/iris", UriKind.Relative));
        Assert.Contains("\"platform\":\"onnxruntime_onnx\"", metadata, StringComparison.Ordinal);
        Assert.Contains("\"execution_provider\":\"cpu\"", metadata, StringComparison.Ordinal);
        using var index = await client.PostAsync(new Uri("/v2/repository/index", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Contains("\"name\":\"iris\"", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A bad request is refused with the protocol's error, as the JIT-compiled predictor refuses it.
        using var bad = await client.PostAsync(new Uri("/v2/models/iris/infer", UriKind.Relative), new StringContent("{\"inputs\": 3}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"error\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        predictor.Terminate();
        Assert.Equal(0, await predictor.WaitForExitAsync());
        Assert.Contains("Application is shutting down", predictor.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Serving:DrainSeconds=-1", "error: Serving:DrainSeconds must be from 0 to 86400 (a day)")]
    [InlineData("--Serving:Onnx:DeviceId=first", "error: Failed to convert configuration value 'first' at 'Serving:Onnx:DeviceId' to type 'System.Int32'.")]
    [InlineData("--Serving:Onnx:ExecutionProvider=cuda", "error: Serving:Onnx:ExecutionProvider is 'cuda', but this ONNX Runtime has no CUDA provider")]
    public async Task Bad_settings_exit_with_code_2_and_one_line_on_stderr(string argument, string message)
    {
        await using var predictor = ServerProcess.Start("Predictor", ["--model-repository", "models", argument], native: native.Program);

        Assert.Equal(2, await predictor.WaitForExitAsync());
        var stderr = predictor.StandardError.Trim();
        Assert.StartsWith(message, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', stderr);
        Assert.DoesNotContain("   at ", predictor.StandardOutput, StringComparison.Ordinal);
    }
}
