namespace Modelplane.Testing;

/// <summary>Waits for a state the server reaches on its own (a poll, a drain); the limit only keeps a broken server from hanging the run.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static Task WaitAsync(string what, Func<Task<bool>> condition) => WaitAsync(what, condition, Limit);

    public static async Task WaitAsync(string what, Func<Task<bool>> condition, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"still waiting after {limit.TotalSeconds} s for {what}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }
}
