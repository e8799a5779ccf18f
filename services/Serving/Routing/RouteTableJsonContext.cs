using System.Text.Json;
using System.Text.Json.Serialization;

namespace Modelplane.Serving.Routing;

/// <summary>Source-generated JSON for the route table: camelCase, comments and trailing commas allowed, unknown fields refused.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectRequiredConstructorParameters = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RouteTable))]
public sealed partial class RouteTableJsonContext : JsonSerializerContext;
