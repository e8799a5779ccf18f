using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Modelplane.Serving.Routing;

namespace Modelplane.Gateway.Routing;

/// <summary>
/// The route table in force: read from <c>Gateway:RouteTable</c> (a JSON file) at start and again whenever the file
/// changes. A table that cannot be read or fails its checks is reported and the previous one keeps routing.
/// </summary>
public sealed partial class RouteTableSource : IDisposable
{
    private readonly string? _path;
    private readonly ILogger<RouteTableSource> _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly Lock _lock = new();
    private CancellationTokenSource _changed = new();
    private Timer? _debounce;

    /// <summary>Reads the table <c>Gateway:RouteTable</c> names; with none configured, the gateway routes nothing.</summary>
    public RouteTableSource(IConfiguration configuration, ILogger<RouteTableSource> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _logger = logger;
        _path = configuration[$"{GatewayOptions.Section}:{nameof(GatewayOptions.RouteTable)}"] is { Length: > 0 } path ? Path.GetFullPath(path) : null;
        Current = new CompiledRoutes(new RouteTable());
        if (_path is null)
        {
            return;
        }

        // Watched before it is read: a table written between the two would otherwise not be read until the next one.
        var directory = Path.GetDirectoryName(_path)!;
        if (Directory.Exists(directory))
        {
            _watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false, EnableRaisingEvents = true };
            _watcher.Changed += (_, e) => OnFileEvent(e.FullPath);
            _watcher.Created += (_, e) => OnFileEvent(e.FullPath);
            _watcher.Renamed += (_, e) => OnFileEvent(e.FullPath);
        }

        // A gateway that cannot route says so at start (validation reports LoadError), rather than serve 404s.
        try
        {
            Current = new CompiledRoutes(Read(_path));
        }
        catch (InvalidDataException e)
        {
            LoadError = e.Message;
        }
    }

    /// <summary>The routes in force.</summary>
    public CompiledRoutes Current { get; private set; }

    /// <summary>Why the route table could not be read at start, if it could not.</summary>
    public string? LoadError { get; }

    /// <summary>The routes in force and the token that fires when they change, read together (YARP's configuration is built from them).</summary>
    public (CompiledRoutes Routes, IChangeToken Changed) Latest()
    {
        lock (_lock)
        {
            return (Current, new CancellationChangeToken(_changed.Token));
        }
    }

    /// <summary>Reads and checks a route table file; an <see cref="InvalidDataException"/> says what is wrong and where.</summary>
    public static RouteTable Read(string path)
    {
        RouteTable table;
        try
        {
            using var stream = File.OpenRead(path);
            table = JsonSerializer.Deserialize(stream, RouteTableJsonContext.Default.RouteTable)
                ?? throw new InvalidDataException($"{path}: the file holds null; expected a route table object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}:{(e.LineNumber ?? 0) + 1}: {e.Message.Split(" Path:")[0]}", e);
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }

        var problems = RouteTableValidator.Check(table);
        return problems.Count == 0 ? table : throw new InvalidDataException($"{path}: {string.Join("; ", problems)}");
    }

    /// <summary>Replaces the table in force, as a reload of the file does.</summary>
    public void Replace(RouteTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        CancellationTokenSource changed;
        lock (_lock)
        {
            Current = new CompiledRoutes(table);
            changed = _changed;
            _changed = new CancellationTokenSource();
        }

        changed.Cancel();
        changed.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
        _changed.Dispose();
    }

    private void OnFileEvent(string path)
    {
        if (!string.Equals(path, _path, StringComparison.Ordinal))
        {
            return;
        }

        // Editors and the AppHost write files in several steps; read once they have settled.
        lock (_lock)
        {
            _debounce?.Dispose();
            _debounce = new Timer(_ => Reload(), null, TimeSpan.FromMilliseconds(100), Timeout.InfiniteTimeSpan);
        }
    }

    private void Reload()
    {
        try
        {
            var table = Read(_path!);
            Replace(table);
            LogReloaded(_path!, table.Services.Count);
        }
        catch (InvalidDataException e)
        {
            LogRejected(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "route table {Path} reloaded: {Services} services")]
    private partial void LogReloaded(string path, int services);

    [LoggerMessage(Level = LogLevel.Error, Message = "route table not reloaded, the previous one keeps routing: {Reason}")]
    private partial void LogRejected(string reason);
}
