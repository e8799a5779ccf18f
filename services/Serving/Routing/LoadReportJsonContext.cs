using System.Text.Json.Serialization;

namespace Modelplane.Serving.Routing;

/// <summary>
/// Source-generated JSON for the gateway's load report: camelCase, one line per object (not indented), the absent
/// part of a line (a load line's demand, a demand line's components) left out. Unknown fields are read past, so a
/// reader keeps up with a gateway that reports more.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LoadReportLine))]
public sealed partial class LoadReportJsonContext : JsonSerializerContext;
