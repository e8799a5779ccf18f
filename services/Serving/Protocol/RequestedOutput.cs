namespace Modelplane.Serving.Protocol;

/// <summary>An output a client asks for by name, with its per-output parameters (<c>classification</c>, <c>binary_data</c>).</summary>
public sealed class RequestedOutput
{
    /// <summary>Creates a requested output.</summary>
    public RequestedOutput(string name, InferenceParameters? parameters = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Parameters = parameters;
    }

    /// <summary>The output's name.</summary>
    public string Name { get; }

    /// <summary>Parameters for this output, when any were given.</summary>
    public InferenceParameters? Parameters { get; }
}
