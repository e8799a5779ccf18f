using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Aspire.Hosting;
using Microsoft.Extensions.Configuration;

namespace Modelplane.Hosting.Processes;

/// <summary>
/// Gives Aspire's orchestrator (DCP) a TLS certificate for its API server, so that a local run does not wait for it to
/// make one. DCP makes a new key pair at every start unless Aspire hands it one, which Aspire does only when the
/// machine trusts an ASP.NET Core development certificate; a fresh machine has none, and making the pair costs DCP 1.5
/// to 3.5 s of the start-up, before it starts anything. Modelplane keeps one self-signed certificate for 127.0.0.1 per
/// user (<c>~/.modelplane/dcp/tls.pem</c>, readable by the user alone, renewed a month before it expires) and points
/// Aspire at a small script beside it that starts the real DCP with that certificate added to <c>start-apiserver</c>.
/// Nothing changes when the AppHost names its own DCP (<c>DcpPublisher:CliPath</c>, <c>ASPIRE_DCP_PATH</c>), when
/// Aspire already passes a certificate, on Windows, or when anything here fails: DCP then makes its own pair, as before.
/// </summary>
internal static class DcpCertificate
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    /// <summary>Points a local run's DCP at the wrapper, where it can be made; otherwise leaves Aspire's choice alone.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static void Use(IDistributedApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["DcpPublisher:CliPath"])
            || !string.IsNullOrWhiteSpace(builder.Configuration["ASPIRE_DCP_PATH"]))
        {
            return;
        }

        try
        {
            // Where Aspire finds DCP by default: the AppHost assembly's metadata, written by the AppHost SDK.
            var options = builder.Services.FirstOrDefault(d => d.ServiceType == typeof(DistributedApplicationOptions))?.ImplementationInstance as DistributedApplicationOptions;
            var assembly = options?.AssemblyName is { Length: > 0 } name ? Assembly.Load(name) : Assembly.GetEntryAssembly();
            var metadata = assembly?.GetCustomAttributes<AssemblyMetadataAttribute>().ToList() ?? [];
            var dcp = metadata.FirstOrDefault(m => string.Equals(m.Key, "DcpCliPath", StringComparison.OrdinalIgnoreCase))?.Value;
            var extensions = metadata.FirstOrDefault(m => string.Equals(m.Key, "DcpExtensionsPath", StringComparison.OrdinalIgnoreCase))?.Value;
            if (string.IsNullOrEmpty(dcp) || !File.Exists(dcp))
            {
                return;
            }

            var directory = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".modelplane", "dcp");
            var certificate = EnsureCertificate(directory, DateTimeOffset.UtcNow);
            builder.Configuration["DcpPublisher:CliPath"] = WriteWrapper(directory, dcp, extensions, certificate);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or BadImageFormatException)
        {
            // DCP makes its own certificate, as it does without Modelplane; the start is only slower.
        }
    }

    /// <summary>
    /// The path of a PEM file holding a certificate for 127.0.0.1, ::1 and localhost and its private key, valid at
    /// <paramref name="now"/> for at least <see cref="RenewBefore"/>; made (and written whole, by a rename) when missing.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static string EnsureCertificate(string directory, DateTimeOffset now)
    {
        var path = Path.Combine(directory, "tls.pem");
        if (File.Exists(path) && IsValid(path, now))
        {
            return path;
        }

        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Modelplane DCP", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(Lifetime));

        var pem = certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n";
        WriteWhole(path, pem, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    /// <summary>
    /// Writes (once per DCP) the script Aspire starts as DCP: it runs the real DCP with the same arguments, adding the
    /// certificate to <c>start-apiserver</c> unless Aspire gave one; returns its path.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static string WriteWrapper(string directory, string dcp, string? extensions, string certificate)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dcp + "\n" + extensions + "\n" + certificate)))[..16];
        var path = Path.Combine(directory, id, "dcp");
        var script = new StringBuilder()
            .Append("#!/bin/sh\n")
            .Append("# Starts Aspire's DCP with Modelplane's certificate for its API server (see DcpCertificate.cs).\n")
            .Append(string.IsNullOrEmpty(extensions) ? "" : string.Create(CultureInfo.InvariantCulture, $"export DCP_EXTENSIONS_PATH={Quote(extensions)}\n"))
            .Append("case \"$*\" in\n")
            .Append("  start-apiserver*--tls-cert*) ;;\n")
            .Append(CultureInfo.InvariantCulture, $"  start-apiserver*) exec {Quote(dcp)} \"$@\" --tls-cert-file {Quote(certificate)} --tls-key-file {Quote(certificate)} ;;\n")
            .Append("esac\n")
            .Append(CultureInfo.InvariantCulture, $"exec {Quote(dcp)} \"$@\"\n")
            .ToString();
        if (File.Exists(path) && File.ReadAllText(path) == script)
        {
            return path;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WriteWhole(path, script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static bool IsValid(string path, DateTimeOffset now)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPemFile(path);
            return certificate.HasPrivateKey && certificate.NotBefore <= now && certificate.NotAfter - RenewBefore > now;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void WriteWhole(string path, string text, UnixFileMode mode)
    {
        // Several AppHosts may start at once: each writes its own file and renames it into place.
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}";
        using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode }))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
