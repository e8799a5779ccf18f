namespace Modelplane.Hosting.Specs;

/// <summary>Which payloads the logger sends, as KServe's logger <c>mode</c>: <c>all</c>, <c>request</c> or <c>response</c>.</summary>
public enum PayloadLogMode
{
    All,
    Request,
    Response,
}
