namespace Modelplane.Hosting.Specs.Placement;

/// <summary>
/// The model names a container's command line mentions: flag values (<c>--model_base_path=/models/mnist/</c>) and
/// plain words (PaddleService's <c>... resnet50_web_service.py ResNet50_vd_model cpu 9292</c>), each as the last
/// segment of a path.
/// </summary>
internal static class ModelNamesInArgs
{
    private static readonly char[] Separators = [' ', '\t', '\n', ';', '|', '&'];

    public static IEnumerable<string> Candidates(ContainerSpec container) =>
        container.Command.Concat(container.Args)
            .SelectMany(a => a.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
            .Select(ValueOf)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);

    /// <summary>The candidates that look like model directories, to suggest a name to push a model under.</summary>
    public static IEnumerable<string> Likely(ContainerSpec container) =>
        Candidates(container).Where(c => c.Contains("model", StringComparison.OrdinalIgnoreCase) && !Path.HasExtension(c));

    private static string? ValueOf(string token)
    {
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        var value = token.StartsWith('-') ? equals < 0 ? null : token[(equals + 1)..] : token;
        var segment = value?.TrimEnd('/').Split('/')[^1];
        return string.IsNullOrEmpty(segment) ? null : segment;
    }
}
