using Modelplane.Gateway;
using Modelplane.Serving.Hosting;

// The content root is the app's own folder, so its appsettings.json applies wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddGateway(args);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGateway();
return await app.RunServingAsync();
