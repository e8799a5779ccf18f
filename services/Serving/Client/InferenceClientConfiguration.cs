using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Modelplane.Serving.Client;

/// <summary>
/// Reads a client's section onto its options, after the server's defaults and aliases, so a key the section gives wins.
/// Read by hand rather than bound: a misspelt key or a value of the wrong kind becomes one problem naming the key,
/// which stops the start in one line, instead of being ignored or ending in the binder's stack trace.
/// </summary>
internal static class InferenceClientConfiguration
{
    /// <summary>The most connection retries: past a few, a model server that refuses connections is down, not restarting.</summary>
    public const int MaxConnectRetries = 10;

    private static readonly string[] Settings =
    [
        nameof(InferenceClientOptions.Address),
        nameof(InferenceClientOptions.Protocol),
        nameof(InferenceClientOptions.TimeoutSeconds),
        nameof(InferenceClientOptions.ConnectRetries),
        nameof(InferenceClientOptions.Headers),
    ];

    public static void Read(IConfigurationSection section, InferenceClientOptions options)
    {
        foreach (var setting in section.GetChildren())
        {
            var name = Array.Find(Settings, s => string.Equals(s, setting.Key, StringComparison.OrdinalIgnoreCase));
            if (name is null)
            {
                options.Problems.Add($"{setting.Path} is not a client setting (settings: {string.Join(", ", Settings)})");
                continue;
            }

            options.ReadFromSection(name);
            if (name == nameof(InferenceClientOptions.Headers))
            {
                ReadHeaders(setting, options);
            }
            else if (setting.Value is null)
            {
                options.Problems.Add($"{setting.Path} must be a single value, not a section");
            }
            else
            {
                ReadValue(name, setting, options);
            }
        }
    }

    /// <summary>The protocol a name gives, or null: <c>rest</c>, <c>binary</c> or <c>grpc</c>, in any case.</summary>
    public static InferenceProtocol? ParseProtocol(string value) =>
        Enum.GetNames<InferenceProtocol>().FirstOrDefault(n => string.Equals(n, value.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<InferenceProtocol>(name)
            : null;

    /// <summary>The names <see cref="ParseProtocol"/> takes, as a message lists them.</summary>
    public static string ProtocolNames => string.Join(", ", Enum.GetNames<InferenceProtocol>().Select(n => n.ToLowerInvariant()));

    private static void ReadValue(string name, IConfigurationSection setting, InferenceClientOptions options)
    {
        var value = setting.Value!;
        switch (name)
        {
            case nameof(InferenceClientOptions.Address):
                options.Address = value;
                break;
            case nameof(InferenceClientOptions.Protocol):
                if (ParseProtocol(value) is { } protocol)
                {
                    options.Protocol = protocol;
                }
                else
                {
                    options.Problems.Add($"{setting.Path} is '{value}'; use {ProtocolNames}");
                }

                break;
            case nameof(InferenceClientOptions.TimeoutSeconds):
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds > 0)
                {
                    options.TimeoutSeconds = seconds;
                }
                else
                {
                    options.Problems.Add($"{setting.Path} is '{value}'; use a number of seconds above 0");
                }

                break;
            default:
                if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var retries) && retries <= MaxConnectRetries)
                {
                    options.ConnectRetries = retries;
                }
                else
                {
                    options.Problems.Add($"{setting.Path} is '{value}'; use a whole number from 0 to {MaxConnectRetries}");
                }

                break;
        }
    }

    // Names both an HTTP header and gRPC metadata can carry; grpc-* are the gRPC protocol's own.
    private static bool IsHeaderName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && !name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase);

    private static void ReadHeaders(IConfigurationSection headers, InferenceClientOptions options)
    {
        if (headers.Value is not null)
        {
            options.Problems.Add($"{headers.Path} must be a section of header names and values, as {headers.Path}:X-Api-Key");
            return;
        }

        foreach (var header in headers.GetChildren())
        {
            if (!IsHeaderName(header.Key))
            {
                options.Problems.Add($"{header.Path}: '{header.Key}' is not a header name; use letters, digits, '-', '_' and '.', not starting with grpc-");
            }
            else if (header.Value is null || header.Value.Any(char.IsControl))
            {
                options.Problems.Add($"{header.Path} must be a single line of text");
            }
            else
            {
                options.Headers[header.Key] = header.Value;
            }
        }
    }
}
