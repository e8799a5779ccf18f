namespace Modelplane.Bench.Processes;

/// <summary>
/// The temporary directory a benchmark's servers write their output to: deleted when the benchmark ends, except after
/// a <see cref="BenchmarkException"/>, whose message then says where the output was kept.
/// </summary>
internal static class ServerLogs
{
    public static async Task<T> KeepOnFailureAsync<T>(Func<DirectoryInfo, Task<T>> run)
    {
        var logs = Directory.CreateTempSubdirectory("modelplane-bench-");
        var keep = false;
        try
        {
            return await run(logs);
        }
        catch (BenchmarkException e)
        {
            keep = true;
            throw new BenchmarkException($"{e.Message}\n  every server's whole output is kept in {logs.FullName}", e);
        }
        finally
        {
            if (!keep)
            {
                logs.Delete(recursive: true);
            }
        }
    }
}
