namespace Modelplane.Gateway.Tests;

/// <summary>A server the gateway can route to: its HTTP address, and its gRPC address when it speaks gRPC.</summary>
internal interface IUpstream
{
    Uri Http { get; }

    Uri? Grpc { get; }
}
