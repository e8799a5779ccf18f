using Modelplane.Serving.Hosting;

// The content root is the app's own folder, so its appsettings.json applies wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();
return await app.RunServingAsync();
