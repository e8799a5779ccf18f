using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.Json;
using Modelplane.Serving.Protocol.V2;
using Modelplane.Serving.Repository;

namespace Modelplane.Serving.Http;

/// <summary>The model repository extension over REST: index, load and unload.</summary>
internal sealed class RepositoryHandlers(ModelRepositoryController repository)
{
    // Index, load and unload bodies are small JSON objects; anything larger is not one of them.
    private const long BodyLimit = 64 * 1024;

    public async Task IndexAsync(HttpContext context)
    {
        try
        {
            var readyOnly = await ReadReadyFlagAsync(context);
            await JsonResponses.WriteAsync(
                context, StatusCodes.Status200OK, repository.Index(readyOnly), ServingJsonContext.Default.IReadOnlyListRepositoryIndexEntry);
        }
        catch (InferenceException e)
        {
            await JsonResponses.WriteErrorAsync(context, e);
        }
    }

    public Task LoadAsync(HttpContext context) => ActAsync(context, static (r, name, ct) => r.LoadAsync(name, ct), name => new RepositoryActionResponse(name, Load: true));

    public Task UnloadAsync(HttpContext context) => ActAsync(context, static (r, name, ct) => r.UnloadAsync(name, ct), name => new RepositoryActionResponse(name, Unload: true));

    private async Task ActAsync(HttpContext context, Func<ModelRepositoryController, string, CancellationToken, Task> action, Func<string, RepositoryActionResponse> answer)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        try
        {
            // The body may carry parameters (as Triton's load does); none change what Modelplane loads, so it is read and let be.
            using var body = await RequestBody.ReadAsync(context, BodyLimit);
            await action(repository, name, context.RequestAborted);
            await JsonResponses.WriteAsync(context, StatusCodes.Status200OK, answer(name), ServingJsonContext.Default.RepositoryActionResponse);
        }
        catch (InferenceException e)
        {
            await JsonResponses.WriteErrorAsync(context, e);
        }
    }

    // {"ready": true} asks for the ready models only; an empty body asks for all.
    private static async Task<bool> ReadReadyFlagAsync(HttpContext context)
    {
        using var body = await RequestBody.ReadAsync(context, BodyLimit);
        if (body.WrittenSpan.Trim(" \t\r\n"u8).IsEmpty)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body.WrittenMemory);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw InferenceException.BadRequest("the index request must be a JSON object, such as {\"ready\": true}");
            }

            return document.RootElement.TryGetProperty("ready", out var ready) && (ready.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw InferenceException.BadRequest("'ready' must be true or false"),
            });
        }
        catch (JsonException e)
        {
            throw V2JsonCodec.NotJson(e);
        }
    }
}
