using Modelplane.Predictor;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServing(args);
builder.AddOnnxPredictor();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapInferenceProtocol();
return await app.RunServingAsync();
