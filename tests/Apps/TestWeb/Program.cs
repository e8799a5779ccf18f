// An ordinary Aspire service: it knows the InferenceService "iris" by name, as service discovery resolves it.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddHttpClient("iris", client => client.BaseAddress = new Uri("http://iris"));

var app = builder.Build();
app.MapDefaultEndpoints();

// The species of a flower, as the model says: GET /species?features=6.8,2.8,4.8,1.4
app.MapGet("/species", async (string features, IHttpClientFactory clients, CancellationToken cancellationToken) =>
{
    using var client = clients.CreateClient("iris");
    var body = $$"""{"instances": [[{{features}}]]}""";
    using var answer = await client.PostAsync(new Uri("/v1/models/iris:predict", UriKind.Relative), new StringContent(body), cancellationToken);
    return Results.Content(await answer.Content.ReadAsStringAsync(cancellationToken), "application/json", statusCode: (int)answer.StatusCode);
});

app.Run();
