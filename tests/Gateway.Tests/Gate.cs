namespace Modelplane.Gateway.Tests;

/// <summary>
/// Holds the requests of a test server until the test opens it: an upstream or sink slower than anything, without
/// a delay to tune, and a count of the requests it holds so a test can wait until they have arrived.
/// </summary>
internal sealed class Gate
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiting;
    private int _arrived;

    /// <summary>Requests held now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Requests that have arrived so far, held or let through.</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    /// <summary>Waits until the gate opens or the request is aborted.</summary>
    public async Task PassAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _arrived);
        Interlocked.Increment(ref _waiting);
        try
        {
            await _opened.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public void Open() => _opened.TrySetResult();
}
