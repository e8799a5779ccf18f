using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.Configuration;

/// <summary>A gateway setting out of range stops the start with a message that names the setting.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("Gateway:MaxRequestBodySize", "0", "Gateway:MaxRequestBodySize must be a positive number of bytes")]
    [InlineData("Gateway:HealthCheckIntervalSeconds", "0", "Gateway:HealthCheckIntervalSeconds and Gateway:EjectionSeconds must be more than 0")]
    [InlineData("Gateway:EjectionSeconds", "-1", "Gateway:HealthCheckIntervalSeconds and Gateway:EjectionSeconds must be more than 0")]
    [InlineData("Gateway:RestOverHttp2InFlight", "-1", "Gateway:RestOverHttp2InFlight must be 0 or more")]
    [InlineData("Gateway:WholeBodyBytes", "-1", "Gateway:WholeBodyBytes must be 0 or more")]
    [InlineData("Gateway:HoldSeconds", "-1", "Gateway:HoldSeconds must be from 0 to 86400 (a day)")]
    [InlineData("Gateway:HoldSeconds", "Infinity", "Gateway:HoldSeconds must be from 0 to 86400 (a day)")]
    [InlineData("Gateway:HoldQueueLength", "-1", "Gateway:HoldQueueLength must be 0 or more")]
    [InlineData("Gateway:HttpMetrics", "maybe", "Failed to convert configuration value 'maybe' at 'Gateway:HttpMetrics'")]
    [InlineData("Gateway:LoadReport", "maybe", "Failed to convert configuration value 'maybe' at 'Gateway:LoadReport'")]
    public async Task A_setting_out_of_range_stops_the_start_naming_it(string setting, string value, string message)
    {
        var table = Table(Service("iris", Revision("stable", 100, Replicas(new UnusedPort()))));

        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var gateway = await GatewayHost.StartAsync(table, new Dictionary<string, string?> { [setting] = value });
        });

        Assert.Contains(message, Messages(error), StringComparison.Ordinal);
    }

    private static string Messages(Exception error) =>
        error is AggregateException aggregate
            ? string.Join("\n", aggregate.InnerExceptions.Select(Messages))
            : error.InnerException is { } inner ? $"{error.Message}\n{Messages(inner)}" : error.Message;
}
