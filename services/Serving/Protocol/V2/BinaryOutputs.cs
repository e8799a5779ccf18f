namespace Modelplane.Serving.Protocol.V2;

/// <summary>
/// Which outputs a response carries as binary data: all of them when the request's <c>binary_data_output</c>
/// parameter is true, and each one its requested output's <c>binary_data</c> parameter names, which wins.
/// </summary>
public static class BinaryOutputs
{
    /// <summary>The request-wide parameter.</summary>
    public const string AllParameter = "binary_data_output";

    /// <summary>The per-output parameter.</summary>
    public const string OutputParameter = "binary_data";

    /// <summary>A flag per output of <paramref name="response"/>, or null when every output goes as JSON.</summary>
    public static IReadOnlyList<bool>? Choose(InferenceRequest request, InferenceResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var all = request.Parameters is not null && request.Parameters.TryGet<bool>(AllParameter, out var everything) && everything;
        if (!all && (request.Outputs is null || !request.Outputs.Any(o => o.Parameters?.Contains(OutputParameter) == true)))
        {
            return null;
        }

        var flags = new bool[response.Outputs.Count];
        for (var i = 0; i < flags.Length; i++)
        {
            flags[i] = all;
            var asked = request.Outputs?.FirstOrDefault(o => o.Name == response.Outputs[i].Name);
            if (asked?.Parameters is { } parameters && parameters.TryGet<bool>(OutputParameter, out var binary))
            {
                flags[i] = binary;
            }
        }

        return flags.Contains(true) ? flags : null;
    }
}
