namespace Modelplane.Bench;

/// <summary>A run that cannot give honest figures: a server that did not start, errors under load, unparsable output.</summary>
internal sealed class BenchmarkException : Exception
{
    public BenchmarkException()
    {
    }

    public BenchmarkException(string message)
        : base(message)
    {
    }

    public BenchmarkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
