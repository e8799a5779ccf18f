using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Modelplane.Gateway.Tests;

/// <summary>A logger provider that keeps every line the gateway logs (message and exception), for tests to read and wait on.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    /// <summary>Waits until <paramref name="count"/> lines contain <paramref name="text"/>.</summary>
    public Task WaitForAsync(string text, int count = 1) =>
        Eventually.WaitAsync($"{count} log lines with '{text}'; logged:\n{string.Join('\n', _lines)}", () => Task.FromResult(Count(text) >= count));

    public int Count(string text) => _lines.Count(l => l.Contains(text, StringComparison.Ordinal));

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : $"\n{exception}")}");
    }
}
