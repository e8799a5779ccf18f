using Modelplane.Hosting.ApplicationModel;
using Modelplane.Hosting.ModelStore;

namespace Modelplane.Hosting.Tests.Builder;

/// <summary>
/// A graph is checked when it is built: every problem is reported at once, naming the resource and what to change,
/// and a graph with problems starts nothing.
/// </summary>
public sealed class GraphTests
{
    [Theory]
    [InlineData("Iris", "'Iris' is not a valid name: use lower case letters, digits and '-', starting with a letter and ending with a letter or digit")]
    [InlineData("iris_model", "'iris_model' is not a valid name: use lower case letters, digits and '-', starting with a letter and ending with a letter or digit")]
    [InlineData("-iris", "'-iris' is not a valid name: use lower case letters, digits and '-', starting with a letter and ending with a letter or digit")]
    [InlineData("", "a resource needs a name")]
    public void A_name_kubernetes_would_refuse_is_refused_when_added(string name, string message)
    {
        using var graph = new TestGraph();

        var failure = Assert.Throws<ArgumentException>(() => graph.Builder.AddExecutable(name, "true", "."));

        Assert.StartsWith(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_longer_than_63_characters_is_refused()
    {
        using var graph = new TestGraph();
        var name = new string('a', 64);

        var failure = Assert.Throws<ArgumentException>(() => graph.Builder.AddExecutable(name, "true", "."));

        Assert.StartsWith($"'{name}' is 64 characters long; names have at most 63", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_resources_of_one_name_are_refused()
    {
        using var graph = new TestGraph();
        graph.Builder.AddExecutable("worker", "true", ".");

        var failure = Assert.Throws<InvalidOperationException>(() => graph.Builder.AddExecutable("worker", "true", "."));

        Assert.Equal("the graph already has a resource named 'worker'; every resource needs its own name", failure.Message);
    }

    [Fact]
    public async Task Every_problem_of_a_graph_is_reported_at_once_and_nothing_starts()
    {
        using var graph = new TestGraph();
        var a = graph.Builder.AddExecutable("a", "true", ".");
        var b = graph.Builder.AddExecutable("b", "true", ".").WaitFor(a);
        a.WaitFor(b);
        var outside = PlatformApplication.CreateBuilder(new PlatformApplicationOptions()).AddExecutable("outside", "true", ".");
        graph.Builder.AddExecutable("c", "true", ".").WithReference(outside).WithAnnotation(new ReplicaAnnotation(3, 2));
        graph.Builder.AddModelStore("models").WithModel("nowhere", "no/such/directory");

        var app = graph.Builder.Build();

        Assert.Equal(
            [
                $"models: the model directory 'no/such/directory' for 'nowhere' does not exist (looked in {Path.Combine(graph.AppHostDirectory, "no", "such", "directory")})",
                "c: references 'outside', which is not in the graph",
                "c: replicas min 3, max 2: need 0 <= min <= max and max >= 1",
                "resources wait for each other in a circle: a -> b -> a; remove one of these WaitFor calls (or a WithReference to a connection string, which waits too)",
            ],
            app.Problems);
        var failure = await Assert.ThrowsAsync<GraphException>(() => app.StartAsync(graph));
        Assert.Equal(app.Problems, failure.Problems);
        Assert.Empty(graph.Changes);
    }

    [Fact]
    public void A_reference_to_a_connection_string_waits_so_it_can_close_a_circle()
    {
        using var graph = new TestGraph();
        var store = graph.Builder.AddModelStore("models");
        var reader = graph.Builder.AddExecutable("reader", "true", ".").WithReference(store);
        store.WaitFor(reader);

        var app = graph.Builder.Build();

        Assert.Equal(
            ["resources wait for each other in a circle: models -> reader -> models; remove one of these WaitFor calls (or a WithReference to a connection string, which waits too)"],
            app.Problems);
    }
}
