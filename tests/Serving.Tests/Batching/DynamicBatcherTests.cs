using Modelplane.Serving.Batching;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Tests.Batching;

/// <summary>
/// The batcher's rules, with a model function that doubles its input and records each run: requests waiting
/// together run once; only requests that agree on their inputs' inner shapes and asked outputs join; a batch never
/// exceeds its row limit; a failed run fails its own requests and no others.
/// </summary>
public sealed class DynamicBatcherTests
{
    [Fact]
    public async Task Requests_waiting_together_run_once_and_each_gets_its_own_rows()
    {
        var model = new DoublingModel();
        await using var batcher = new DynamicBatcher(model.PredictAsync, new BatchingOptions { MaxBatchSize = 64, MaxQueueDelayMicroseconds = 200_000 });

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => batcher.PredictAsync(Request(rows: 1 + (i % 3), first: i * 10), CancellationToken.None).AsTask()));

        for (var i = 0; i < 10; i++)
        {
            var rows = 1 + (i % 3);
            Assert.Equal([rows, 2], answers[i].Outputs[0].Shape);
            Assert.Equal(Enumerable.Range(i * 10, rows * 2).Select(v => v * 2f), answers[i].Outputs[0].AsSpan<float>().ToArray());
        }

        Assert.True(model.Runs.Count < 10, $"10 requests took {model.Runs.Count} runs");
        Assert.Equal(answers.Sum(a => a.Outputs[0].Shape[0]), model.Runs.Sum());
    }

    [Fact]
    public async Task A_batch_never_holds_more_rows_than_the_limit()
    {
        var model = new DoublingModel();
        await using var batcher = new DynamicBatcher(model.PredictAsync, new BatchingOptions { MaxBatchSize = 4, MaxQueueDelayMicroseconds = 100_000 });

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => batcher.PredictAsync(Request(rows: 3, first: i), CancellationToken.None).AsTask()));

        Assert.All(model.Runs, rows => Assert.True(rows <= 4, $"a run took {rows} rows"));
        Assert.Equal(36, model.Runs.Sum());
    }

    [Fact]
    public async Task Requests_with_other_inner_shapes_or_outputs_do_not_join()
    {
        var model = new DoublingModel();
        await using var batcher = new DynamicBatcher(model.PredictAsync, new BatchingOptions { MaxBatchSize = 64, MaxQueueDelayMicroseconds = 100_000 });
        var wide = new InferenceRequest { Inputs = [InferenceTensor.FromValues("x", TensorDataType.FP32, [1, 3], [1f, 2f, 3f])] };
        var withOutputs = Request(rows: 1, first: 0) is var r ? new InferenceRequest { Inputs = r.Inputs, Outputs = [new RequestedOutput("y")] } : null!;

        var answers = await Task.WhenAll(
            batcher.PredictAsync(Request(rows: 1, first: 5), CancellationToken.None).AsTask(),
            batcher.PredictAsync(wide, CancellationToken.None).AsTask(),
            batcher.PredictAsync(withOutputs, CancellationToken.None).AsTask());

        Assert.Equal([10f, 12f], answers[0].Outputs[0].AsSpan<float>().ToArray());
        Assert.Equal([2f, 4f, 6f], answers[1].Outputs[0].AsSpan<float>().ToArray());
        Assert.Equal([0f, 2f], answers[2].Outputs[0].AsSpan<float>().ToArray());
        Assert.Equal(3, model.Runs.Count);
    }

    [Fact]
    public async Task A_failed_run_fails_its_own_requests_and_the_batcher_goes_on()
    {
        var model = new DoublingModel { FailWhenFirstIs = 666 };
        await using var batcher = new DynamicBatcher(model.PredictAsync, new BatchingOptions { MaxBatchSize = 1000, MaxQueueDelayMicroseconds = 0 });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.PredictAsync(Request(rows: 1, first: 666), CancellationToken.None).AsTask());
        var next = await batcher.PredictAsync(Request(rows: 1, first: 1), CancellationToken.None);

        Assert.Equal("the model failed on purpose", failure.Message);
        Assert.Equal([2f, 4f], next.Outputs[0].AsSpan<float>().ToArray());
    }

    [Fact]
    public void An_output_that_does_not_follow_the_batch_dimension_is_named()
    {
        var requests = new[] { Request(rows: 1, first: 0), Request(rows: 2, first: 0) };
        var response = new InferenceResponse { ModelName = "m", Outputs = [InferenceTensor.FromValues("sum", TensorDataType.FP32, [1], [1f])] };

        var failure = Assert.Throws<InvalidOperationException>(() => BatchAssembly.Split(response, requests, 3));

        Assert.Equal("output 'sum' has shape [1] for a batch of 3 rows; the model's outputs do not follow its batch dimension, so it cannot be batched", failure.Message);
    }

    /// <summary>Rows of two values each, counting up from <paramref name="first"/>.</summary>
    private static InferenceRequest Request(int rows, int first) => new()
    {
        Inputs = [InferenceTensor.FromValues("x", TensorDataType.FP32, [rows, 2], Enumerable.Range(first, rows * 2).Select(v => (float)v).ToArray().AsSpan())],
    };

    private sealed class DoublingModel
    {
        private readonly List<long> _runs = [];

        public int? FailWhenFirstIs { get; init; }

        public IReadOnlyList<long> Runs
        {
            get
            {
                lock (_runs)
                {
                    return [.. _runs];
                }
            }
        }

        public async ValueTask<InferenceResponse> PredictAsync(InferenceRequest request, CancellationToken cancellationToken)
        {
            await Task.Yield();
            var input = request.Inputs[0];
            var values = input.AsSpan<float>().ToArray();
            if (values[0] == FailWhenFirstIs)
            {
                throw new InvalidOperationException("the model failed on purpose");
            }

            lock (_runs)
            {
                _runs.Add(input.Shape[0]);
            }

            return new InferenceResponse
            {
                ModelName = "doubling",
                Outputs = [InferenceTensor.FromValues("y", TensorDataType.FP32, input.Shape, values.Select(v => v * 2).ToArray().AsSpan())],
            };
        }
    }
}
