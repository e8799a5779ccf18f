namespace Modelplane.Gateway.Tests;

/// <summary>
/// The predictor processes the routing tests share, started together once: <see cref="Stable"/> with the sample
/// model's labels, <see cref="Canary"/>, <see cref="Second"/> and <see cref="Transformer"/> with labels of their
/// own, and <see cref="Explainer"/>, the only one serving the model <c>explainable</c>.
/// </summary>
public sealed class PredictorFleet : IAsyncLifetime
{
    private PredictorReplica[] _all = [];

    internal PredictorReplica Stable { get; private set; } = null!;

    internal PredictorReplica Canary { get; private set; } = null!;

    internal PredictorReplica Second { get; private set; } = null!;

    internal PredictorReplica Transformer { get; private set; } = null!;

    internal PredictorReplica Explainer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var starting = new[]
        {
            PredictorReplica.StartAsync(string.Empty),
            PredictorReplica.StartAsync("canary"),
            PredictorReplica.StartAsync("second"),
            PredictorReplica.StartAsync("transformer"),
            PredictorReplica.StartAsync("explainer", ["explainable"]),
        };
        try
        {
            _all = await Task.WhenAll(starting);
        }
        catch
        {
            // Those that did start are stopped here, whether or not the runner disposes a fixture that failed to start.
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        (Stable, Canary, Second, Transformer, Explainer) = (_all[0], _all[1], _all[2], _all[3], _all[4]);
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _all)
        {
            await replica.DisposeAsync();
        }
    }
}
