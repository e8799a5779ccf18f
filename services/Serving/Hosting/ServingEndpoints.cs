using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace Modelplane.Serving.Hosting;

/// <summary>
/// Where a model server listens: HTTP/1.1 on each configured address (<c>ASPNETCORE_URLS</c>, <c>--urls</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c>, else KServe's 8080), and gRPC on its own HTTP/2-only port beside them
/// (<c>Serving:GrpcPort</c>, KServe's 8081), since plaintext HTTP/2 cannot share a port with HTTP/1.1.
/// The addresses are known once the server has started, ports the OS picked included.
/// </summary>
public sealed class ServingEndpoints
{
    /// <summary>Where a model server listens when nothing says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>KServe's gRPC port.</summary>
    public const int DefaultGrpcPort = 8081;

    /// <summary>The <c>Serving:GrpcPort</c> value that turns gRPC off.</summary>
    public const int GrpcOff = -1;

    private readonly List<ListenOptions> _http = [];
    private ListenOptions? _grpc;

    /// <summary>The HTTP/1.1 addresses, once listening; a wildcard host is given as 127.0.0.1, where a local client reaches it.</summary>
    public IReadOnlyList<Uri> HttpAddresses => [.. _http.Select(AddressOf)];

    /// <summary>The gRPC address, once listening; null when gRPC is off.</summary>
    public Uri? GrpcAddress => _grpc is null ? null : AddressOf(_grpc);

    /// <summary>The configured HTTP addresses, as the web host reads them (<c>urls</c>, then <c>http_ports</c>), or the default.</summary>
    public static IReadOnlyList<string> ConfiguredUrls(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration["urls"] is { Length: > 0 } urls)
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        if (configuration["http_ports"] is { Length: > 0 } ports)
        {
            return [.. ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://+:{p}")];
        }

        return [DefaultUrl];
    }

    /// <summary>Null when <paramref name="url"/> can be served here; otherwise what is wrong with it.</summary>
    public static string? CheckUrl(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return $"'{url}' is not an address to listen on, such as http://127.0.0.1:8080";
        }

        if (address.IsUnixPipe || !string.Equals(address.Scheme, "http", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{url}': a model server listens on plain http (TLS ends at the gateway)";
        }

        return IsWildcard(address.Host) || address.Host == "localhost" || IPAddress.TryParse(address.Host.Trim('[', ']'), out _)
            ? null
            : $"'{url}': listen on an IP address, localhost or a wildcard (+, *), not a host name";
    }

    /// <summary>Adds the listeners to Kestrel; an address <see cref="CheckUrl"/> refuses is skipped, since validation stops the start.</summary>
    internal void Bind(KestrelServerOptions kestrel, IReadOnlyList<string> urls, int grpcPort)
    {
        string? firstHost = null;
        foreach (var url in urls.Where(u => CheckUrl(u) is null))
        {
            var address = BindingAddress.Parse(url);
            firstHost ??= address.Host;
            _http.Add(Listen(kestrel, address.Host, address.Port, HttpProtocols.Http1));
        }

        if (grpcPort != GrpcOff)
        {
            _grpc = Listen(kestrel, firstHost ?? "127.0.0.1", grpcPort, HttpProtocols.Http2);
        }
    }

    private static ListenOptions Listen(KestrelServerOptions kestrel, string host, int port, HttpProtocols protocols)
    {
        ListenOptions? listener = null;
        void Configure(ListenOptions options)
        {
            options.Protocols = protocols;
            listener = options;
        }

        if (IsWildcard(host))
        {
            kestrel.ListenAnyIP(port, Configure);
        }
        else if (host == "localhost")
        {
            kestrel.ListenLocalhost(port, Configure);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(host.Trim('[', ']')), port, Configure);
        }

        return listener!;
    }

    private static bool IsWildcard(string host) => host is "+" or "*" or "0.0.0.0" or "[::]";

    private static Uri AddressOf(ListenOptions listener)
    {
        var endPoint = listener.IPEndPoint!;
        var host = endPoint.Address.Equals(IPAddress.Any) || endPoint.Address.Equals(IPAddress.IPv6Any)
            ? "127.0.0.1"
            : endPoint.Address.ToString();
        if (endPoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && host != "127.0.0.1")
        {
            host = $"[{host}]";
        }

        return new Uri($"http://{host}:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}");
    }
}
