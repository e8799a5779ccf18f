namespace Modelplane.Hosting.Orchestration;

/// <summary>A GET that answers 2xx once a replica can serve, as a Kubernetes readiness probe.</summary>
internal sealed class HealthProbe(HttpClient client, Uri address)
{
    public Uri Address { get; } = address;

    /// <summary>Null when healthy, else what the probe got.</summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(Address, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"GET {Address.AbsolutePath} answered {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return $"GET {Address.AbsolutePath}: {e.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"GET {Address.AbsolutePath} timed out";
        }
    }
}
