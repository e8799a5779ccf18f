using System.Net;
using System.Text;
using Modelplane.Gateway.Autoscaling;
using Modelplane.Serving.Routing;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.Autoscaling;

/// <summary>
/// The load report the AppHost's autoscaler reads: a line a second with every component's concurrency (time-weighted,
/// held requests included), requests, held and in-flight counts, a transformer's and an explainer's requests counted
/// for the predictor too, and a demand line as soon as a request waits at a component with no ready replica. Requests
/// are held open at a gate, so a whole second with a known number in flight is measured exactly, whatever the timing.
/// </summary>
public sealed class LoadReportTests
{
    private static readonly Dictionary<string, string?> On = new() { ["Gateway:LoadReport"] = "true" };

    [Fact]
    public async Task With_the_report_off_its_path_is_a_404_saying_how_to_turn_it_on_and_no_service_request()
    {
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("default", 100, Replicas(new UnusedPort())))));

        var answer = await gateway.Client.SendAsync(HttpMethod.Get, LoadReportLine.Path);

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("the load report is off; set Gateway:LoadReport to true to turn it on", answer.Error);
        Assert.DoesNotContain("status_code=\"404\"", await gateway.MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_line_lists_every_component_of_the_route_table_with_zeros_when_idle()
    {
        await using var gateway = await GatewayHost.StartAsync(Table(
            Service("iris", Revision("default", 100, Replicas(new UnusedPort()))
                .With("transformer", Replicas(new UnusedPort()))
                .With("explainer", Replicas(new UnusedPort()))),
            Service("flowers",
                Revision("default", 100, Replicas(new UnusedPort())),
                Revision("canary", 0, Replicas(new UnusedPort())))), On);
        await using var report = await LoadReportReader.OpenAsync(gateway.Client.BaseAddress!);

        var (first, firstLine) = await report.NextAsync();
        var (second, secondLine) = await report.NextAsync();

        Assert.Equal(HttpStatusCode.OK, report.Status);
        Assert.Equal("application/x-ndjson", report.ContentType);
        (string Service, string Revision, string Component)[] components = [
            ("iris", "default", "predictor"), ("iris", "default", "transformer"), ("iris", "default", "explainer"),
            ("flowers", "default", "predictor"), ("flowers", "canary", "predictor")];
        var idle = string.Join(",", components.Select(c => $"{{\"service\":\"{c.Service}\",\"revision\":\"{c.Revision}\",\"component\":\"{c.Component}\",\"concurrency\":0,\"requests\":0,\"held\":0,\"inFlight\":0}}"));
        Assert.Equal($"{{\"at\":{firstLine.At},\"components\":[{idle}]}}", first);
        Assert.Equal($"{{\"at\":{secondLine.At},\"components\":[{idle}]}}", second);
        Assert.True(secondLine.At > firstLine.At, $"{secondLine.At} follows {firstLine.At}");
    }

    [Fact]
    public async Task After_a_route_table_reload_the_lines_list_the_components_of_the_new_table()
    {
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("default", 100, Replicas(new UnusedPort())))), On);
        await using var report = await LoadReportReader.OpenAsync(gateway.Client.BaseAddress!);
        await report.NextLoadAsync();

        await gateway.WriteRouteTableAsync(Table(Service("roses", Revision("blue", 100, Replicas(new UnusedPort())))));
        var line = await report.WaitForLoadAsync("the new table's components", l => l.Components!.Any(c => c.Service == "roses"));

        Assert.Equal([new ComponentLoadSample("roses", "blue", "predictor", 0, 0, 0, 0)], line.Components);
    }

    [Fact]
    public async Task Requests_held_open_at_a_replica_are_its_concurrency_and_every_arrival_is_counted_once()
    {
        var gate = new Gate();
        await using var upstream = await LocalServer.StartGatedAsync(gate);
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("default", 100, Replicas(upstream)))), On);
        await using var report = await LoadReportReader.OpenAsync(gateway.Client.BaseAddress!);

        var calls = Enumerable.Range(0, 4).Select(_ => gateway.Client.InferAsync("iris")).ToList();
        LoadReportLine open;
        LoadReportLine whole;
        try
        {
            await Eventually.WaitAsync("4 requests at the gate", () => Task.FromResult(gate.Waiting == 4));
            open = await report.WaitForLoadAsync("4 requests in flight", l => l.Of("iris", "predictor").InFlight == 4);

            // The second after that line had all four in flight from its start to its end.
            whole = await report.NextLoadAsync();
        }
        finally
        {
            gate.Open();
        }

        var answers = await Task.WhenAll(calls);
        var done = await report.WaitForLoadAsync("no request in flight", l => l.Of("iris", "predictor").InFlight == 0);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.True(open.Of("iris", "predictor").Concurrency > 0, $"concurrency {open.Of("iris", "predictor").Concurrency} in the second the requests arrived");

        // They were in flight for part of the second they ended in: an average over the second, not a count at its end.
        Assert.InRange(done.Of("iris", "predictor").Concurrency, 0.001, 3.999);
        Assert.Equal(new ComponentLoadSample("iris", "default", "predictor", 4, 0, 0, 4), whole.Of("iris", "predictor"));
        Assert.Equal(4, Requests(report, "iris", "predictor"));
    }

    [Fact]
    public async Task A_request_to_the_transformer_or_the_explainer_counts_for_the_predictor_too()
    {
        var gate = new Gate();
        await using var transformer = await LocalServer.StartGatedAsync(gate);
        await using var explainer = await LocalServer.StartGatedAsync(gate);
        await using var gateway = await GatewayHost.StartAsync(Table(
            Service("iris", Revision("default", 100, Replicas(new UnusedPort()))
                .With("transformer", Replicas(transformer))
                .With("explainer", Replicas(explainer)))), On);
        await using var report = await LoadReportReader.OpenAsync(gateway.Client.BaseAddress!);

        List<Task<Answer>> calls = [
            gateway.Client.InferAsync("iris"),
            gateway.Client.InferAsync("iris"),
            gateway.Client.SendAsync(HttpMethod.Post, "/v1/models/iris:explain", IrisRequests.V1Predict)];
        LoadReportLine whole;
        try
        {
            await Eventually.WaitAsync("3 requests at the gate", () => Task.FromResult(gate.Waiting == 3));
            await report.WaitForLoadAsync("3 requests in flight", l => l.Of("iris", "predictor").InFlight == 3);
            whole = await report.NextLoadAsync();
        }
        finally
        {
            gate.Open();
        }

        var answers = await Task.WhenAll(calls);
        await report.WaitForLoadAsync("no request in flight", l => l.Of("iris", "predictor").InFlight == 0);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal((3, 3), (whole.Of("iris", "predictor").Concurrency, whole.Of("iris", "predictor").InFlight));
        Assert.Equal((2, 2), (whole.Of("iris", "transformer").Concurrency, whole.Of("iris", "transformer").InFlight));
        Assert.Equal((1, 1), (whole.Of("iris", "explainer").Concurrency, whole.Of("iris", "explainer").InFlight));
        Assert.Equal((3, 2, 1), (Requests(report, "iris", "predictor"), Requests(report, "iris", "transformer"), Requests(report, "iris", "explainer")));
    }

    [Fact]
    public async Task A_request_that_waits_at_a_component_with_no_ready_replica_brings_a_demand_line_at_once_and_counts_as_held()
    {
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("default", 100, Replicas(new UnusedPort())))), On);
        await using var report = await LoadReportReader.OpenAsync(gateway.Client.BaseAddress!);
        using var leave = new CancellationTokenSource();
        var predictor = new ComponentKey("iris", "default", "predictor");

        var first = InferAsync(gateway, leave.Token);
        var demand = await report.WaitForAsync("a demand line", l => l.Demand is not null);
        var one = await report.WaitForLoadAsync("a held request", l => l.Of("iris", "predictor").Held == 1);
        var firstWaited = !first.IsCompleted;
        var second = InferAsync(gateway, leave.Token);
        var two = await report.WaitForLoadAsync("two held requests", l => l.Of("iris", "predictor").Held == 2);
        await report.NextLoadAsync();
        var demandsWhileHeld = report.Seen.Count(s => s.Line.Demand is not null);

        // Both clients give up: their requests stop being held and in flight.
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        await report.WaitForLoadAsync("no request held or in flight", l => l.Of("iris", "predictor") is { Held: 0, InFlight: 0 });

        // The next wait that begins is demand again.
        using var again = new CancellationTokenSource();
        var third = InferAsync(gateway, again.Token);
        var demandAgain = await report.WaitForAsync("a second demand line", l => l.Demand is not null);
        await again.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);

        Assert.Equal(predictor, demand.Demand);
        Assert.Equal($"{{\"at\":{demand.At},\"demand\":{{\"service\":\"iris\",\"revision\":\"default\",\"component\":\"predictor\"}}}}", report.Seen.First(s => s.Line.Demand is not null).Raw);
        Assert.True(firstWaited, "the demand line came while the request waited");
        Assert.Equal((1, 1), (one.Of("iris", "predictor").Held, one.Of("iris", "predictor").InFlight));
        Assert.Equal((2, 2), (two.Of("iris", "predictor").Held, two.Of("iris", "predictor").InFlight));
        Assert.Equal(1, demandsWhileHeld);
        Assert.Equal(predictor, demandAgain.Demand);
    }

    [Fact]
    public async Task Readers_at_once_each_get_every_line_and_one_that_goes_away_leaves_the_others_reading_and_no_error_logged()
    {
        await using var upstream = await LocalServer.StartNamedAsync("iris");
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("default", 100, Replicas(upstream)))), On);
        await using var staying = await LoadReportReader.OpenAsync(gateway.Client.BaseAddress!);
        var leaving = await LoadReportReader.OpenAsync(gateway.Client.BaseAddress!);
        var logged = gateway.Logs.Lines.Count;

        var left = await leaving.NextLoadAsync();
        await leaving.DisposeAsync();
        var stayed = await staying.WaitForLoadAsync("the line the other reader got", l => l.At == left.At);
        await staying.NextLoadAsync();
        await staying.NextLoadAsync();
        await using var later = await LoadReportReader.OpenAsync(gateway.Client.BaseAddress!);
        var joined = await later.NextLoadAsync();
        var answer = await gateway.Client.InferAsync("iris");

        Assert.Equal(left.Components, stayed.Components);
        Assert.True(joined.At > left.At);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.DoesNotContain(gateway.Logs.Lines.Skip(logged), l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.2", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.7", false)]
    [InlineData("192.168.1.20", false)]
    [InlineData("::ffff:10.0.0.7", false)]
    [InlineData("fe80::1", false)]
    [InlineData(null, false)]
    public void Only_callers_on_the_gateways_own_machine_are_answered(string? caller, bool answered) =>
        Assert.Equal(answered, LoadReportEndpoint.IsLoopback(caller is null ? null : IPAddress.Parse(caller)));

    private static long Requests(LoadReportReader report, string service, string component) =>
        report.Seen.Where(s => s.Line.Components is not null).Sum(s => s.Line.Of(service, component).Requests);

    private static async Task<HttpStatusCode> InferAsync(GatewayHost gateway, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v2/models/iris/infer", UriKind.Relative))
        {
            Content = new StringContent(IrisRequests.V2Classify, Encoding.UTF8, "application/json"),
        };
        using var response = await gateway.Client.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }
}
