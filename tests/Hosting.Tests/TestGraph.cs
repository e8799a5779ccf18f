using Modelplane.Hosting.Orchestration;

namespace Modelplane.Hosting.Tests;

/// <summary>
/// Graphs built in a test the way an AppHost builds them (Aspire's testing builder), with an AppHost directory and a
/// data directory of their own, and every replica change recorded.
/// </summary>
internal sealed class TestGraph : IRunObserver, IDisposable
{
    private readonly TemporaryDirectory _data = new("modelplane-graph");
    private readonly TemporaryDirectory _appHost = new("modelplane-apphost");
    private readonly List<ReplicaStatus> _changes = [];

    public TestGraph(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Modelplane:DataDirectory"] = _data.FullPath };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        // An AppHost directory of its own: the repository's AppHost has an appsettings.json these graphs must not get.
        Builder = PlatformApplication.CreateBuilder(new PlatformApplicationOptions { AppHostDirectory = _appHost.FullPath, Settings = all });
    }

    public PlatformApplicationBuilder Builder { get; }

    public string DataDirectory => _data.FullPath;

    public string AppHostDirectory => _appHost.FullPath;

    /// <summary>Every change the supervisor reported, in order.</summary>
    public IReadOnlyList<ReplicaStatus> Changes
    {
        get
        {
            lock (_changes)
            {
                return [.. _changes];
            }
        }
    }

    public void ReplicaChanged(ReplicaStatus status)
    {
        lock (_changes)
        {
            _changes.Add(status);
        }
    }

    /// <summary>Every process id a replica of the run ever had.</summary>
    public IReadOnlyList<int> ProcessIds => [.. Changes.Where(c => c.ProcessId is not null).Select(c => c.ProcessId!.Value).Distinct()];

    public void Dispose()
    {
        _data.Dispose();
        _appHost.Dispose();
    }
}
