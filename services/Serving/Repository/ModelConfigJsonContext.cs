using System.Text.Json;
using System.Text.Json.Serialization;
using Modelplane.Serving.Protocol.Json;

namespace Modelplane.Serving.Repository;

/// <summary>Source-generated JSON for <c>config.json</c>: camelCase, comments and trailing commas allowed, unknown settings refused.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(TensorDataTypeJsonConverter)])]
[JsonSerializable(typeof(ModelConfig))]
internal sealed partial class ModelConfigJsonContext : JsonSerializerContext;
