using Modelplane.Gateway;
using Modelplane.Gateway.Proxy;
using Modelplane.Serving.Hosting;

InlineIo.EnableUnlessSet();

// The content root is the app's own folder, so its appsettings.json applies wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddGateway(args);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGateway();
return await app.RunServingAsync();
