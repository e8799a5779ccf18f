using System.Globalization;

namespace Modelplane.Predictor.Tests;

/// <summary>
/// In poll mode a new version is loaded, warmed and swapped in, and a removed one drained and unloaded, while
/// requests keep coming: not one of them may fail.
/// </summary>
public sealed class VersionSwapTests
{
    // Only the newest version is served, so version 2's arrival retires version 1 and its removal brings 1 back.
    private const string LatestOnly = """{"labels": ["setosa", "versicolor", "virginica"], "versionPolicy": {"latest": {"numVersions": 1}}}""";

    [Fact]
    public async Task Versions_swap_in_and_out_under_continuous_load_without_a_failed_request()
    {
        using var repository = new TestModelRepository().AddIris("iris", 1).AddConfig("iris", LatestOnly);
        using var staging = new TemporaryDirectory("staging");
        await using var factory = new PredictorFactory(repository.Root, new Dictionary<string, string?>
        {
            ["Serving:ModelControlMode"] = "poll",
            ["Serving:RepositoryPollSeconds"] = (0.2).ToString(CultureInfo.InvariantCulture),
        });
        using var client = await factory.StartAsync();
        var version2 = Path.Combine(repository.Root, "iris", "2");

        var load = new ContinuousLoad(client, "/v2/models/iris/infer", loops: 4);
        try
        {
            await Eventually.WaitAsync("version 1 to answer", () => Task.FromResult(load.Answered("1") > 0));

            // Written aside and moved in whole: the poller sees either no version 2 or all of it.
            Directory.CreateDirectory(staging.Combine("2"));
            await File.WriteAllBytesAsync(staging.Combine("2", "model.onnx"), TestModelRepository.IrisModelBytes);
            Directory.Move(staging.Combine("2"), version2);

            await Eventually.WaitAsync(
                "version 2 to answer and version 1 to be unloaded",
                async () => load.Answered("2") > 0 && await ServedVersionsAsync(client) == "2");

            var answeredBy1 = load.Answered("1");
            Directory.Move(version2, staging.Combine("removed"));

            await Eventually.WaitAsync(
                "version 1 to answer again and version 2 to be unloaded",
                async () => load.Answered("1") > answeredBy1 && await ServedVersionsAsync(client) == "1");

            // Requests still in flight when version 2 left have been answered; a few more show the server steady.
            var total = load.Total;
            await Eventually.WaitAsync("more requests to be answered", () => Task.FromResult(load.Total > total + 50));
        }
        finally
        {
            await load.StopAsync();
        }

        Assert.True(load.Failures.Count == 0, $"{load.Failures.Count} requests failed, the first: {load.Failures.FirstOrDefault()}");
        Assert.True(load.Answered("1") > 0 && load.Answered("2") > 0, $"version 1 answered {load.Answered("1")}, version 2 {load.Answered("2")}");
    }

    // The versions of iris in the repository index, in any state: "2" once version 1 has gone entirely.
    private static async Task<string> ServedVersionsAsync(HttpClient client)
    {
        var (_, index) = await client.PostJsonAsync("/v2/repository/index", string.Empty);
        return string.Join(",", index!.AsArray()
            .Where(e => e!["name"]!.GetValue<string>() == "iris")
            .Select(e => $"{e!["version"]?.GetValue<string>()}{(e["state"]!.GetValue<string>() == "READY" ? string.Empty : ":" + e["state"])}"));
    }
}
