using System.Runtime;

namespace Modelplane.Serving.Buffers;

/// <summary>
/// Byte buffers too large to pool: allocated for one request, dropped after it, and their memory given back to the
/// operating system once enough of them have been dropped.
/// </summary>
/// <remarks>
/// <para>
/// Why not <see cref="System.Buffers.ArrayPool{T}.Shared"/>: it keeps arrays of up to 1 GiB, one per size class in
/// every thread that returned one and more in per-core stacks, for as long as the process lives. One 63 MB request
/// body, read into a buffer that doubled up to 64 MiB, left every size class from 4 KiB to 64 MiB (about 128 MiB)
/// in the pool, and the next large request on another thread added its own. A model server sees a large request
/// rarely; keeping its buffers costs far more than allocating them again.
/// </para>
/// <para>
/// Why a collection: the dropped arrays live on the large object heap, which only a full (gen2) collection frees,
/// and small requests only ever cause gen0 and gen1 collections, so without one the memory would stay committed
/// indefinitely under Server GC. After a request that allocated at least <see cref="CollectAfterBytes"/> here, one
/// blocking, compacting <see cref="GCCollectionMode.Aggressive"/> collection runs on the thread pool half a second after the
/// response is sent: it compacts the large object heap and decommits the free memory, so the resident set returns to what it
/// was. Its cost is proportional to the live managed heap, which in a model server is small (model weights are
/// native memory): milliseconds, after a request that took hundreds of milliseconds to parse. At most one runs at a
/// time, and only after large requests; small requests never cause one. The runtime's settings were not the answer:
/// <c>GCConserveMemory</c> only compacts the large object heap when fragmentation is already high, <c>RetainVM</c>
/// is off by default, and a smaller gen0 budget or fewer Server GC heaps (<c>GCgen0size</c>, <c>GCHeapCount</c>)
/// would slow every small request to help a rare large one.
/// </para>
/// </remarks>
public static class LargeBuffers
{
    /// <summary>Buffers larger than this are allocated here rather than rented from the shared pool: 1 MiB.</summary>
    public const int Threshold = 1 << 20;

    /// <summary>The bytes allocated here after which the next finished request gives the memory back: 32 MiB.</summary>
    public const long CollectAfterBytes = 32L << 20;

    private static readonly TimeSpan CollectionDelay = TimeSpan.FromMilliseconds(500);
    private static long _allocated;
    private static int _collecting;

    /// <summary>True when enough has been allocated since the last collection that the memory should be given back.</summary>
    public static bool CollectionDue => Volatile.Read(ref _allocated) >= CollectAfterBytes;

    /// <summary>An uninitialized array of exactly <paramref name="size"/> bytes, counted towards the next collection.</summary>
    public static byte[] Allocate(int size)
    {
        Interlocked.Add(ref _allocated, size);
        return GC.AllocateUninitializedArray<byte>(size);
    }

    /// <summary>
    /// When a collection is due and none is running, starts one on the thread pool. Call it once the buffers of a
    /// request are no longer referenced (after the response is sent), or they survive the collection.
    /// </summary>
    public static void CollectIfDue()
    {
        if (!CollectionDue || Interlocked.Exchange(ref _collecting, 1) == 1)
        {
            return;
        }

        // A short delay lets the request's last references go (the handler's state, the server's per-request
        // objects) before the collection looks; collected at once, the body was sometimes still reachable.
        _ = Task.Delay(CollectionDelay).ContinueWith(static _ => Collect(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private static void Collect()
    {
        try
        {
            Interlocked.Exchange(ref _allocated, 0);
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        finally
        {
            Volatile.Write(ref _collecting, 0);
        }
    }
}
