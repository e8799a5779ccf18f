using Microsoft.Extensions.Logging;

namespace Modelplane.Hosting.ModelStore;

/// <summary>What a local store's resource log says as it starts and is filled.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "installing s3rver (npm ci in {Directory})")]
    public static partial void Installing(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "model {Model}: sent {Count} files (0 when the store held it already)")]
    public static partial void Seeded(ILogger logger, int count, string model);
}
