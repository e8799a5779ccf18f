namespace Modelplane.Hosting.Tests.Publishing;

/// <summary>
/// What is published is what a cluster takes: <c>kubectl kustomize</c> builds it, every object validates against the
/// Kubernetes schemas (KEDA's and its HTTP add-on's for a component that scales to zero), and none has a field Kubernetes
/// does not know; a misspelt field is caught.
/// </summary>
public sealed class ClusterCheckTests : IDisposable
{
    private readonly PublishGraphs _graphs = new();
    private readonly TemporaryDirectory _output = new("modelplane-publish-out");

    public void Dispose()
    {
        _output.Dispose();
        _graphs.Dispose();
    }

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var target in new[] { "kubernetes", "kserve" })
        {
            cases.Add("sample", target);
            cases.Add("gpu", target);
            foreach (var dialect in new[] { "kserve", "kfserving", "kubedl", "paddleservice" })
            {
                cases.Add(dialect, target);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Kustomize_builds_it_and_every_object_validates_with_no_unknown_field(string graph, string target)
    {
        var application = graph switch
        {
            "sample" => _graphs.Sample(),
            "gpu" => _graphs.Gpu(),
            _ => _graphs.Dialect(graph),
        };
        var directory = _output.Combine(graph, target);
        Modelplane.Hosting.Publishing.PublishOutput.Write(directory, await PublishGraphs.PublishAsync(application, target));

        var (kustomizeExit, built) = ClusterTools.Kustomize(directory);
        Assert.True(kustomizeExit == 0, $"kubectl kustomize {graph}/{target} failed: {built}");
        var (schemaExit, report) = ClusterTools.SchemaCheck(directory);
        Assert.True(schemaExit == 0, report);
        Assert.Contains(" 0 failures", report, StringComparison.Ordinal);
        var (builtExit, builtReport) = ClusterTools.SchemaCheck("-", built);
        Assert.True(builtExit == 0, builtReport);
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories))
        {
            Assert.Empty(UnknownFields.Find(File.ReadAllText(file)));
        }
    }

    [Fact]
    public async Task A_misspelt_field_fails_our_unknown_field_check_naming_kind_name_and_field()
    {
        var yaml = (await PublishGraphs.PublishAsync(_graphs.Sample(), "kubernetes")).Files["gateway.yaml"];
        var misspelt = yaml.Replace("  replicas: 1\n", "  replcas: 1\n", StringComparison.Ordinal).Replace("periodSeconds: 5", "periodSecond: 5", StringComparison.Ordinal);

        Assert.NotEqual(yaml, misspelt);
        Assert.Equal(
            ["Deployment/gateway: spec.replcas: unknown field", "Deployment/gateway: spec.template.spec.containers[0].readinessProbe.periodSecond: unknown field"],
            UnknownFields.Find(misspelt));
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_fails_the_schema_check_naming_kind_name_and_field()
    {
        var yaml = (await PublishGraphs.PublishAsync(_graphs.Sample(), "kubernetes")).Files["gateway.yaml"];
        var file = _output.Combine("wrong-type.yaml");
        File.WriteAllText(file, yaml.Replace("  replicas: 1\n", "  replicas: one\n", StringComparison.Ordinal));

        var (exit, report) = ClusterTools.SchemaCheck(file);

        Assert.Equal(1, exit);
        Assert.Contains($"{file}: Deployment/gateway: spec.replicas: must be integer", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_keda_route_with_no_port_or_a_misspelt_field_and_a_scaled_object_of_the_wrong_type_fail_the_schema_check()
    {
        var yaml = (await PublishGraphs.PublishAsync(_graphs.Dialect("paddleservice"), "kubernetes")).Files["paddleservice-sample-predictor-default.yaml"];
        var file = _output.Combine("keda.yaml");
        var spoilt = yaml.Replace("    port: 8081\n", string.Empty, StringComparison.Ordinal)
            .Replace("  scaledownPeriod: 30\n", "  scaleDownPeriod: 30\n", StringComparison.Ordinal)
            .Replace("  minReplicaCount: 0\n", "  minReplicaCount: none\n", StringComparison.Ordinal);
        File.WriteAllText(file, spoilt);

        var (exit, report) = ClusterTools.SchemaCheck(file);

        Assert.Equal(1, exit);
        Assert.Contains($"{file}: HTTPScaledObject/paddleservice-sample-predictor-default-grpc: spec.scaleTargetRef: must define either the 'portName' or the 'port'", report, StringComparison.Ordinal);
        Assert.Contains($"{file}: HTTPScaledObject/paddleservice-sample-predictor-default: spec.scaleDownPeriod: unknown field", report, StringComparison.Ordinal);
        Assert.Contains($"{file}: ScaledObject/paddleservice-sample-predictor-default: spec.minReplicaCount: must be integer", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kind_kubernetes_does_not_have_fails_the_schema_check()
    {
        var file = _output.Combine("unknown-kind.yaml");
        File.WriteAllText(file, "apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: x\n");

        var (exit, report) = ClusterTools.SchemaCheck(file);

        Assert.Equal(1, exit);
        Assert.Contains("Deploymnet/x: apiVersion apps/v1 has no kind Deploymnet", report, StringComparison.Ordinal);
    }
}
