namespace Modelplane.Hosting.Specs.Reading;

/// <summary>Fields KServe and KFServing share: protocol, scale metric, batcher and logger.</summary>
internal static class ServingFields
{
    private static readonly (string Text, ProtocolVersion Value)[] Protocols =
        [("v1", ProtocolVersion.V1), ("v2", ProtocolVersion.V2), ("grpc-v2", ProtocolVersion.GrpcV2)];

    private static readonly (string Text, ScaleMetric Value)[] Metrics =
        [("concurrency", ScaleMetric.Concurrency), ("rps", ScaleMetric.Rps), ("cpu", ScaleMetric.Cpu), ("memory", ScaleMetric.Memory)];

    private static readonly (string Text, PayloadLogMode Value)[] LogModes =
        [("all", PayloadLogMode.All), ("request", PayloadLogMode.Request), ("response", PayloadLogMode.Response)];

    public static ProtocolVersion? ReadProtocol(YamlMap map)
    {
        if (string.Equals(map.String("protocolVersion"), "grpc-v1", StringComparison.Ordinal))
        {
            map.Error("protocolVersion", "grpc-v1 (TensorFlow Serving's gRPC API) is not served by Modelplane; write v1, v2 or grpc-v2");
            return null;
        }

        return map.Choice("protocolVersion", Protocols);
    }

    public static ScaleMetric? ReadMetric(YamlMap map, string key) => map.Choice(key, Metrics);

    /// <summary>KServe's <c>batcher</c>: <c>maxBatchSize</c>, <c>maxLatency</c> in milliseconds, <c>timeout</c> in seconds.</summary>
    public static BatchingSpec? ReadBatcher(YamlMap component)
    {
        if (component.Map("batcher") is not { } batcher)
        {
            return null;
        }

        var size = batcher.Int("maxBatchSize", 1);
        var latency = batcher.Int("maxLatency", 1);
        var timeout = batcher.Int("timeout", 1);
        batcher.ReportUnknown("the batcher (maxBatchSize, maxLatency, timeout)");
        return new BatchingSpec
        {
            MaxBatchSize = size,
            MaxLatency = latency is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            Timeout = timeout is { } s ? TimeSpan.FromSeconds(s) : null,
        };
    }

    /// <summary>KServe's <c>logger</c>: <c>url</c> (an absolute http or https URL) and <c>mode</c>.</summary>
    public static PayloadLoggerSpec? ReadLogger(YamlMap component)
    {
        if (component.Map("logger") is not { } logger)
        {
            return null;
        }

        var url = logger.String("url");
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var address) && address.Scheme is "http" or "https"))
        {
            logger.Error("url", $"'{url}' is not an http or https URL; write the address that receives the events, e.g. url: http://message-dumper.default/");
        }

        var mode = logger.Choice("mode", LogModes) ?? PayloadLogMode.All;
        logger.Warn("metadataHeaders", "is not supported here; the events carry the payloads without extra headers");
        logger.Warn("storage", "is not supported here; give a url to send the events to");
        logger.ReportUnknown("the logger (url, mode)");
        return new PayloadLoggerSpec { Url = url, Mode = mode };
    }
}
