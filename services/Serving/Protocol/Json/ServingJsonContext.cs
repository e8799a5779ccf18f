using System.Text.Json.Serialization;

namespace Modelplane.Serving.Protocol.Json;

/// <summary>Source-generated JSON for the protocol's metadata, readiness and error bodies, in the protocol's snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(TensorDataTypeJsonConverter)])]
[JsonSerializable(typeof(ServerMetadata))]
[JsonSerializable(typeof(ModelMetadata))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(ReadinessResponse))]
[JsonSerializable(typeof(LivenessResponse))]
[JsonSerializable(typeof(ModelListResponse))]
[JsonSerializable(typeof(RepositoryActionResponse))]
[JsonSerializable(typeof(IReadOnlyList<Repository.RepositoryIndexEntry>))]
public sealed partial class ServingJsonContext : JsonSerializerContext;
