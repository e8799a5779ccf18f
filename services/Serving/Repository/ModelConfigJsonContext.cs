using System.Text.Json;
using System.Text.Json.Serialization;
using Modelplane.Serving.Protocol.Json;

namespace Modelplane.Serving.Repository;

/// <summary>Source-generated JSON for <c>config.json</c>: camelCase; comments and trailing commas allowed and unknown settings refused on reading.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectRequiredConstructorParameters = true,
    WriteIndented = true,
    NewLine = "\n",
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(TensorDataTypeJsonConverter)])]
[JsonSerializable(typeof(ModelConfig))]
internal sealed partial class ModelConfigJsonContext : JsonSerializerContext;
