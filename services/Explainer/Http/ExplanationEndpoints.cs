namespace Modelplane.Explainer.Http;

/// <summary>Maps the explain routes: KServe v1 <c>:explain</c> and its v2-style counterpart <c>/v2/models/{name}[/versions/{v}]/explain</c>.</summary>
internal static class ExplanationEndpoints
{
    public static IEndpointRouteBuilder MapExplanations(this IEndpointRouteBuilder endpoints)
    {
        var handlers = ActivatorUtilities.CreateInstance<ExplanationHandlers>(endpoints.ServiceProvider);

        // The serving SDK maps :explain as well, onto a model's own explain hook, which answers with predictions only;
        // the explainer's answer carries explanations and their cost, so its route is matched first.
        endpoints.MapPost("/v1/models/{name}:explain", handlers.ExplainV1Async).WithOrder(-1);
        endpoints.MapPost("/v2/models/{name}/explain", handlers.ExplainV2Async);
        endpoints.MapPost("/v2/models/{name}/versions/{version}/explain", handlers.ExplainV2Async);
        return endpoints;
    }
}
