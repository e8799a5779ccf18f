using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Modelplane.Gateway.Tests;

/// <summary>What the gateway answered: the status, the revision it chose, the body and the headers.</summary>
internal sealed record Answer(HttpStatusCode Status, string? Revision, string Body, HttpResponseHeaders Headers)
{
    /// <summary>The header that carries, and may pin, the revision.</summary>
    public const string RevisionHeader = "x-modelplane-revision";

    /// <summary>The message of an <c>{"error": "..."}</c> body.</summary>
    public string Error => JsonNode.Parse(Body)?["error"]?.GetValue<string>() ?? throw new InvalidOperationException($"no error in {(int)Status} {Body}");

    /// <summary>The label of a v2 classification answer, which names the replica that gave it.</summary>
    public string Label => Status == HttpStatusCode.OK ? IrisRequests.Label(Body) : throw new InvalidOperationException($"no label in {(int)Status} {Body}");

    public override string ToString() => $"{(int)Status} (revision {Revision}) {Body}";
}
