using Modelplane.Predictor;
using Modelplane.Predictor.Onnx;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Http;

// ONNX Runtime's native library loads while the host is built, not after: a replica started from zero answers sooner.
_ = Task.Run(() => OnnxRuntimeLog.Environment);

// The content root is the app's own folder, so its appsettings.json applies wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddServing(args);
builder.AddOnnxPredictor();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapInferenceProtocol();
return await app.RunServingAsync();
