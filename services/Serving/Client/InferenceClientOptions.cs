namespace Modelplane.Serving.Client;

/// <summary>Where the model server is and how to call it, read from one configuration section (<see cref="Section"/> by default).</summary>
public sealed class InferenceClientOptions
{
    /// <summary>The section a server's client reads unless told another.</summary>
    public const string Section = "Serving:Client";

    // Settings an older key of the server's own gave, with that key, so a message names what the user wrote.
    private readonly Dictionary<string, string> _aliases = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The model server: a URL (<c>http://host:port</c>), KServe's <c>--predictor_host</c> form (<c>host:port</c>, or a
    /// host alone for port 80), or a service name found through service discovery (<c>services__{name}__http__0</c>, or
    /// <c>__grpc__0</c> with gRPC, as the AppHost passes them).
    /// </summary>
    public string? Address { get; set; }

    /// <summary>REST with JSON tensors, REST with binary tensors (the default), or gRPC.</summary>
    public InferenceProtocol Protocol { get; set; } = InferenceProtocol.Binary;

    /// <summary>How long one call may take, connection retries included, before it fails with 503.</summary>
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// How often a connection that could not be opened is tried again (after 100 ms, then 400 ms, ...): nothing was sent,
    /// so no inference runs twice, and a replica that is restarting is often back by then. Answers are never retried.
    /// </summary>
    public int ConnectRetries { get; set; } = 2;

    /// <summary>Headers sent with every call (as gRPC metadata over gRPC), such as a gateway's API key.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The section this client was read from.</summary>
    public string SectionName { get; internal set; } = Section;

    /// <summary>Records that <paramref name="setting"/> (such as <c>nameof(Address)</c>) came from <paramref name="key"/>, an older key standing in for the section's own.</summary>
    public void ReadFromAlias(string setting, string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _aliases[setting] = key;
    }

    /// <summary>The key a setting was read from, for messages: the alias that gave it, or else the section's own key.</summary>
    public string KeyOf(string setting) => _aliases.TryGetValue(setting, out var key) ? key : $"{SectionName}:{setting}";

    /// <summary>Problems found while reading the section, each naming its key; the validator reports them.</summary>
    internal List<string> Problems { get; } = [];

    /// <summary>Forgets an alias once the section's own key has given the setting: the new key wins.</summary>
    internal void ReadFromSection(string setting) => _aliases.Remove(setting);
}
