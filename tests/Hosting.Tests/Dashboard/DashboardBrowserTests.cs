using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Modelplane.Hosting.Tests.Cli;
using Xunit.Abstractions;

namespace Modelplane.Hosting.Tests.Dashboard;

/// <summary>The dashboard of the AppHost's run, seen in Debian's chromium: resources Running, a trace through gateway and predictor, metrics.</summary>
[Collection("AppHost processes")]
public sealed partial class DashboardBrowserTests(ITestOutputHelper output)
{
    private const string UpdateScreenshots = "MODELPLANE_UPDATE_SCREENSHOTS";

    private static readonly string Browser = RepositoryRoot.Combine("tests", "Hosting.Tests", "Dashboard", "browser");

    /// <summary>The sample graph as the dashboard shows it: store, gateway, InferenceServices, their components and replicas.</summary>
    private static readonly string[] Resources =
    [
        "models", "gateway",
        "sklearn-iris", "iris-onnx",
        "sklearn-iris-predictor-default", "sklearn-iris-predictor-canary", "sklearn-iris-explainer-default", "sklearn-iris-explainer-canary",
        "iris-onnx-predictor-default",
        "sklearn-iris-predictor-default-0", "sklearn-iris-predictor-canary-0", "sklearn-iris-explainer-default-0", "sklearn-iris-explainer-canary-0",
        "iris-onnx-predictor-default-0",
    ];

    /// <summary>The replicas a prediction of sklearn-iris reaches (its traffic is split between two revisions).</summary>
    private static readonly string[] Predictors = ["sklearn-iris-predictor-default-0", "sklearn-iris-predictor-canary-0"];

    /// <summary>The screenshots the script saves, and their names under <c>docs/</c>.</summary>
    private static readonly (string Shot, string Doc)[] Screenshots =
    [
        ("resources.png", "dashboard-resources.png"),
        ("trace.png", "dashboard-trace.png"),
        ("metrics.png", "dashboard-metrics.png"),
    ];

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // browser/dashboard.mjs logs in with the printed token and checks the resources page, a trace of the sample request
    // and the gateway's metrics; with MODELPLANE_UPDATE_SCREENSHOTS=1 its screenshots replace those under docs/,
    // otherwise they stay in the test's temporary directory.
    [Fact]
    public async Task The_dashboard_shows_every_replica_running_a_trace_through_gateway_and_predictor_and_the_metrics()
    {
        var node = Tool("node", "Node.js 20 or later (Debian: apt-get install -y nodejs npm)");
        var npm = Tool("npm", "npm (Debian: apt-get install -y npm)");
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"no chromium at {chromium}: install Debian's (apt-get install -y chromium); the test downloads no browser");
        await RestorePackagesAsync(npm);

        using var data = new TemporaryDirectory("dashboard-browser");
        using var shots = new TemporaryDirectory("dashboard-screenshots");
        await using var apphost = AppHostProcess.Start(data.FullPath);
        await apphost.WaitUntilReadyAsync();
        var login = apphost.DashboardLogin;
        Assert.True(login is not null, $"the AppHost printed no dashboard login:\n{apphost.Output}");

        // The sample request, as the printed curl sends it: its trace and the gateway's metrics are what the script looks for.
        var curl = Curl().Match(apphost.Output);
        Assert.True(curl.Success, $"no curl for sklearn-iris in the AppHost's output:\n{apphost.Output}");
        using (var client = new HttpClient())
        using (var request = new HttpRequestMessage(HttpMethod.Post, curl.Groups["url"].Value))
        {
            request.Content = new StringContent(curl.Groups["body"].Value, Encoding.UTF8, "application/json");
            request.Headers.Host = curl.Groups["host"].Value;
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("""{"predictions":[1,1]}""", await response.Content.ReadAsStringAsync());
        }

        string[] arguments =
        [
            Path.Combine(Browser, "dashboard.mjs"),
            "--login", login.OriginalString,
            "--out", shots.FullPath,
            "--resource", string.Join(',', Resources),
            "--gateway", "gateway",
            "--predictor", string.Join(',', Predictors),
            "--metrics-resource", "gateway",
            "--metric-prefix", "modelplane.",
            "--timeout", "30",
            "--chromium", chromium,
        ];
        var run = await RunAsync(node, Browser, TimeSpan.FromMinutes(3), arguments);
        output.WriteLine(run.StandardOutput);
        Assert.True(run.ExitCode == 0, $"the browser test failed (screenshots of the failing page in {shots.FullPath}):\n{run}\nAppHost output:\n{apphost.Output}");
        foreach (var (shot, doc) in Screenshots)
        {
            var file = shots.Combine(shot);
            Assert.True(IsPng(file), $"{shot} is missing or not a PNG:\n{run}");
            if (Environment.GetEnvironmentVariable(UpdateScreenshots) == "1")
            {
                Directory.CreateDirectory(RepositoryRoot.Combine("docs"));
                File.Copy(file, RepositoryRoot.Combine("docs", doc), overwrite: true);
                output.WriteLine($"updated docs/{doc}");
            }
        }

        var processes = apphost.AllProcesses();
        var exitCode = await apphost.TerminateAsync();

        Assert.True(exitCode == 0, $"the AppHost exited with code {exitCode} on SIGTERM:\n{apphost.Output}");
        await ProcessAssert.AllGoneAsync(processes);
    }

    /// <summary>Installs playwright-core from the lock file when it is not there yet (no browser is downloaded: the script uses Debian's).</summary>
    private async Task RestorePackagesAsync(string npm)
    {
        if (File.Exists(Path.Combine(Browser, "node_modules", "playwright-core", "package.json")))
        {
            return;
        }

        var install = await RunAsync(npm, Browser, TimeSpan.FromMinutes(5), "ci", "--no-audit", "--no-fund");
        output.WriteLine(install.StandardOutput);
        Assert.True(install.ExitCode == 0, $"npm ci in {Browser} failed:\n{install}");
    }

    private static bool IsPng(string file) => File.Exists(file) && File.ReadAllBytes(file).AsSpan().StartsWith(PngSignature);

    /// <summary>The full path of <paramref name="name"/> on PATH; fails naming what to install when it is not there.</summary>
    private static string Tool(string name, string install)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var found = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
        Assert.True(found is not null, $"{name} is not on PATH ({path}): the dashboard's browser test needs {install}");
        return found;
    }

    /// <summary>Runs <paramref name="file"/> to its end in <paramref name="directory"/>, killing it and what it started when it outlasts <paramref name="timeout"/>.</summary>
    private static async Task<CommandResult> RunAsync(string file, string directory, TimeSpan timeout, params string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new CommandResult(-1, await standardOutput, $"{await standardError}\n(killed after {timeout.TotalSeconds} s)");
        }

        return new CommandResult(process.ExitCode, await standardOutput, await standardError);
    }

    [GeneratedRegex("""curl -H "Host: (?<host>[^"]+)"(?: -H "[^"]+")? -d '(?<body>[^']+)' (?<url>http://127\.0\.0\.1:\d+/v1/models/sklearn-iris:predict)""")]
    private static partial Regex Curl();
}
