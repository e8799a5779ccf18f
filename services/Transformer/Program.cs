using Modelplane.Serving.Hosting;
using Modelplane.Serving.Http;
using Modelplane.Transformer.Hosting;

// The content root is the app's own folder, so its appsettings.json applies wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddServing(args);
builder.AddTransformer(args);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapInferenceProtocol();
return await app.RunServingAsync();
