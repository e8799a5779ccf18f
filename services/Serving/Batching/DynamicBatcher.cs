using System.Diagnostics;
using System.Threading.Channels;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Batching;

/// <summary>
/// Runs a model's concurrent requests together: one loop takes the oldest waiting request, adds those waiting behind
/// it that can join it (up to the row limit, waiting at most the queue delay for more), runs them as one request and
/// hands each its rows of the answer. A request that cannot join anything runs as it is. Requests never wait behind a
/// full batch for longer than that batch's run.
/// </summary>
internal sealed class DynamicBatcher : IAsyncDisposable
{
    private readonly Func<InferenceRequest, CancellationToken, ValueTask<InferenceResponse>> _predict;
    private readonly BatchingOptions _options;
    private readonly Action<int, int>? _observe;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private Pending? _carried;

    /// <param name="predict">The model's own prediction, which a batch calls once.</param>
    /// <param name="options">The row limit and queue delay.</param>
    /// <param name="observe">Told each run's requests and rows, for metrics.</param>
    public DynamicBatcher(Func<InferenceRequest, CancellationToken, ValueTask<InferenceResponse>> predict, BatchingOptions options, Action<int, int>? observe = null)
    {
        _predict = predict;
        _options = options;
        _observe = observe;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues a request and gives its answer once the batch it joined has run.</summary>
    public async ValueTask<InferenceResponse> PredictAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        var key = BatchAssembly.Key(request);
        var rows = BatchAssembly.Rows(request);
        if (key is null || rows >= _options.MaxBatchSize)
        {
            return await _predict(request, cancellationToken);
        }

        var pending = new Pending(request, key, rows);
        if (!_queue.Writer.TryWrite(pending))
        {
            return await _predict(request, cancellationToken);
        }

        return await pending.Answer.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>();
        while (_carried is not null || await reader.WaitToReadAsync())
        {
            var first = _carried ?? (reader.TryRead(out var read) ? read : null);
            _carried = null;
            if (first is null)
            {
                continue;
            }

            batch.Clear();
            batch.Add(first);
            var rows = first.Rows;
            var deadline = Stopwatch.GetTimestamp() + (_options.MaxQueueDelayMicroseconds * Stopwatch.Frequency / 1_000_000);
            while (rows < _options.MaxBatchSize)
            {
                if (!reader.TryRead(out var next))
                {
                    var remaining = deadline - Stopwatch.GetTimestamp();
                    if (remaining <= 0 || !await WaitForMoreAsync(reader, TimeSpan.FromTicks(remaining * TimeSpan.TicksPerSecond / Stopwatch.Frequency)))
                    {
                        break;
                    }

                    continue;
                }

                // A request that cannot join, or would overflow the batch, starts the next one.
                if (next.Key != first.Key || rows + next.Rows > _options.MaxBatchSize)
                {
                    _carried = next;
                    break;
                }

                batch.Add(next);
                rows += next.Rows;
            }

            await RunBatchAsync(batch, rows);
        }
    }

    private static async Task<bool> WaitForMoreAsync(ChannelReader<Pending> reader, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task RunBatchAsync(List<Pending> batch, long rows)
    {
        _observe?.Invoke(batch.Count, (int)rows);
        try
        {
            if (batch.Count == 1)
            {
                batch[0].Answer.TrySetResult(await _predict(batch[0].Request, _stopping.Token));
                return;
            }

            var requests = batch.Select(p => p.Request).ToList();
            var response = await _predict(BatchAssembly.Merge(requests), _stopping.Token);
            var answers = BatchAssembly.Split(response, requests, rows);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Answer.TrySetResult(answers[i]);
            }
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
            {
                pending.Answer.TrySetException(e);
            }
        }
    }

    private sealed class Pending(InferenceRequest request, string key, long rows)
    {
        public InferenceRequest Request { get; } = request;

        public string Key { get; } = key;

        public long Rows { get; } = rows;

        public TaskCompletionSource<InferenceResponse> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
