using System.Runtime.InteropServices;
using Modelplane.Bench;
using Modelplane.Bench.AppHost;
using Modelplane.Bench.Autoscaling;
using Modelplane.Bench.Batching;
using Modelplane.Bench.Faults;
using Modelplane.Bench.GatewayHop;
using Modelplane.Bench.Gpu;
using Modelplane.Bench.PredictorRest;
using Modelplane.Bench.Processes;
using Modelplane.Bench.Protocols;
using Modelplane.Bench.RequestMemory;
using Modelplane.Bench.Transformer;

if (!BenchArguments.TryParse(args, out var arguments, out var usageError))
{
    await Console.Error.WriteLineAsync($"bench: {usageError}");
    await Console.Error.WriteLineAsync(BenchArguments.Usage);
    return 2;
}

// Ctrl+C, a closed terminal or a kill must still stop the servers: turn the signal into cancellation so the
// `await using` blocks run, and keep the tracker as a last resort for anything that escapes them.
using var cancellation = new CancellationTokenSource();
void Interrupt(PosixSignalContext context)
{
    context.Cancel = true;
    cancellation.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Interrupt);
using var children = new ChildProcessTracker();

try
{
    return arguments.Benchmark switch
    {
        PredictorRestBenchmark.Name => await new PredictorRestBenchmark(arguments, children).RunAsync(cancellation.Token),
        BatchingBenchmark.Name => await new BatchingBenchmark(arguments, children).RunAsync(cancellation.Token),
        AppHostBenchmark.Name => await new AppHostBenchmark(arguments, children).RunAsync(cancellation.Token),
        GatewayHopBenchmark.Name => await new GatewayHopBenchmark(arguments, children).RunAsync(cancellation.Token),
        ProtocolsBenchmark.Name => await new ProtocolsBenchmark(arguments, children).RunAsync(cancellation.Token),
        RequestMemoryBenchmark.Name => await new RequestMemoryBenchmark(arguments, children).RunAsync(cancellation.Token),
        TransformerBenchmark.Name => await new TransformerBenchmark(arguments, children).RunAsync(cancellation.Token),
        FaultsBenchmark.Name => await new FaultsBenchmark(arguments, children).RunAsync(cancellation.Token),
        ColdStartBenchmark.Name => await new ColdStartBenchmark(arguments, children).RunAsync(cancellation.Token),
        GpuBenchmark.Name => await new GpuBenchmark(arguments, children).RunAsync(cancellation.Token),
        _ => throw new InvalidOperationException($"no benchmark named '{arguments.Benchmark}'"),
    };
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    children.KillAll();
    await Console.Error.WriteLineAsync("bench: interrupted; every server it started is stopped.");
    return 130;
}
catch (BenchmarkException e)
{
    children.KillAll();
    await Console.Error.WriteLineAsync($"bench: FAILED: {e.Message}");
    return 1;
}
catch
{
    // A bug in the harness: an unhandled exception would end the process without running any cleanup.
    children.KillAll();
    throw;
}
