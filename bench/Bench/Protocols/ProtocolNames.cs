namespace Modelplane.Bench.Protocols;

/// <summary>How the console and the results name each <see cref="Protocol"/>.</summary>
internal static class ProtocolNames
{
    public static IReadOnlyList<Protocol> All { get; } = [Protocol.RestJson, Protocol.RestBinary, Protocol.Grpc, Protocol.GrpcChannel];

    public static string Display(this Protocol protocol) => protocol switch
    {
        Protocol.RestJson => "REST JSON",
        Protocol.RestBinary => "REST binary",
        Protocol.Grpc => "gRPC",
        Protocol.GrpcChannel => "gRPC, one channel",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    /// <summary>A short form for ratio headings: JSON, binary, gRPC.</summary>
    public static string Short(this Protocol protocol) => protocol switch
    {
        Protocol.RestJson => "JSON",
        Protocol.RestBinary => "binary",
        Protocol.Grpc => "gRPC",
        Protocol.GrpcChannel => "channel",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    /// <summary>Whether the protocol is gRPC, over whichever connections.</summary>
    public static bool IsGrpc(this Protocol protocol) => protocol is Protocol.Grpc or Protocol.GrpcChannel;
}
