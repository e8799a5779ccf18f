namespace Modelplane.Bench.Protocols;

/// <summary>An output a correct answer carries: its name, v2 datatype and shape, and so its size in bytes.</summary>
internal sealed record ExpectedOutput(string Name, string DataType, IReadOnlyList<long> Shape)
{
    public long ElementCount => Shape.Aggregate(1L, (product, dim) => product * dim);

    public int ElementSize => DataType switch
    {
        "FP32" => sizeof(float),
        "INT64" => sizeof(long),
        _ => throw new InvalidOperationException($"the benchmark reads no {DataType} outputs"),
    };

    public long ByteCount => ElementCount * ElementSize;
}
