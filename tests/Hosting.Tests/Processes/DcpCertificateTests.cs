using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.Tests.Processes;

/// <summary>
/// The certificate Modelplane hands DCP's API server (one per user, for the loopback addresses, readable by the user
/// alone, kept while valid) and the script that starts the real DCP with it, passing everything else through.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DcpCertificateTests
{
    [Fact]
    public void The_certificate_is_for_loopback_holds_its_key_and_is_readable_by_the_user_alone()
    {
        using var directory = new TemporaryDirectory("dcp-tls");
        var now = DateTimeOffset.UtcNow;

        var path = DcpCertificate.EnsureCertificate(directory.FullPath, now);

        using var certificate = X509Certificate2.CreateFromPemFile(path);
        Assert.True(certificate.HasPrivateKey);
        Assert.True(certificate.NotAfter > now.AddDays(300).UtcDateTime);
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(IPAddress.Loopback, names.EnumerateIPAddresses());
        Assert.Contains("localhost", names.EnumerateDnsNames());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Single(Directory.GetFiles(directory.FullPath));
    }

    [Fact]
    public void A_valid_certificate_is_kept_and_one_about_to_expire_is_replaced()
    {
        using var directory = new TemporaryDirectory("dcp-tls");
        var now = DateTimeOffset.UtcNow;
        var path = DcpCertificate.EnsureCertificate(directory.FullPath, now);
        var first = File.ReadAllText(path);

        Assert.Equal(first, File.ReadAllText(DcpCertificate.EnsureCertificate(directory.FullPath, now.AddDays(300))));
        Assert.NotEqual(first, File.ReadAllText(DcpCertificate.EnsureCertificate(directory.FullPath, now.AddDays(340))));
    }

    [Fact]
    public void A_damaged_certificate_file_is_replaced_by_a_valid_one()
    {
        using var directory = new TemporaryDirectory("dcp-tls");
        File.WriteAllText(Path.Combine(directory.FullPath, "tls.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");

        var path = DcpCertificate.EnsureCertificate(directory.FullPath, DateTimeOffset.UtcNow);

        using var certificate = X509Certificate2.CreateFromPemFile(path);
        Assert.True(certificate.HasPrivateKey);
    }

    [Fact]
    public async Task The_wrapper_adds_the_certificate_to_start_apiserver_only_and_passes_every_argument_through()
    {
        using var directory = new TemporaryDirectory("dcp-wrapper");
        var dcp = Path.Combine(directory.FullPath, "real dcp");
        File.WriteAllText(dcp, "#!/bin/sh\nprintf '%s|' \"$DCP_EXTENSIONS_PATH\" \"$@\"\n");
        File.SetUnixFileMode(dcp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var certificate = DcpCertificate.EnsureCertificate(directory.FullPath, DateTimeOffset.UtcNow);

        var wrapper = DcpCertificate.WriteWrapper(directory.FullPath, dcp, "/ext dir", certificate);

        Assert.Equal(wrapper, DcpCertificate.WriteWrapper(directory.FullPath, dcp, "/ext dir", certificate));
        Assert.Equal($"/ext dir|start-apiserver|--kubeconfig|a b|--tls-cert-file|{certificate}|--tls-key-file|{certificate}|", await RunAsync(wrapper, "start-apiserver", "--kubeconfig", "a b"));
        Assert.Equal("/ext dir|start-apiserver|--tls-cert-file|own.pem|", await RunAsync(wrapper, "start-apiserver", "--tls-cert-file", "own.pem"));
        Assert.Equal("/ext dir|info|--container-runtime|it's|", await RunAsync(wrapper, "info", "--container-runtime", "it's"));
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
