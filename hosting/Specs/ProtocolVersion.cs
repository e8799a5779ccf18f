namespace Modelplane.Hosting.Specs;

/// <summary>The inference protocol a server speaks, as KServe's <c>protocolVersion</c>: <c>v1</c>, <c>v2</c> or <c>grpc-v2</c>.</summary>
public enum ProtocolVersion
{
    V1,
    V2,
    GrpcV2,
}
