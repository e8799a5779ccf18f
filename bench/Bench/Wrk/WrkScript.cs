using System.Globalization;

namespace Modelplane.Bench.Wrk;

/// <summary>
/// What wrk sends: a Lua script in <c>bench/wrk/</c> and its arguments (after wrk's <c>--</c>), with paths relative to the
/// repository root, where wrk runs.
/// </summary>
internal sealed record WrkScript(string Path, IReadOnlyList<string> Arguments)
{
    /// <summary>POSTs a JSON file with <c>Content-Type: application/json</c>.</summary>
    public static WrkScript PostJson(string bodyFile) => new("bench/wrk/post-json.lua", [bodyFile]);

    /// <summary>
    /// POSTs a body in the binary tensor extension's framing, a JSON header of <paramref name="jsonLength"/> bytes and then
    /// raw tensor bytes, with <c>Inference-Header-Content-Length</c> set to that length.
    /// </summary>
    public static WrkScript PostBinary(string bodyFile, int jsonLength) =>
        new("bench/wrk/post-binary.lua", [bodyFile, jsonLength.ToString(CultureInfo.InvariantCulture)]);
}
