using Modelplane.Hosting.Cli;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: the model store, filled with the sample models.
var models = builder.AddModelStore("models")
    .WithModel("iris", "../models/iris");

// Services: KServe's first InferenceService, with a canary taking 10% of its traffic and an explainer...
builder.AddInferenceService("sklearn-iris")
    .WithModel("s3://models/iris")
    .WithCanary("s3://models/iris", trafficPercent: 10)
    .WithExplainer()
    .WithReference(models)
    .WithSampleRequest("/v1/models/sklearn-iris:predict", """{"instances": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}""");

// ...and every InferenceService, Inference or PaddleService spec in specs/.
builder.AddInferenceServices("specs");

// The ingress, where KServe's examples send their requests.
builder.AddGateway("gateway", port: 8080);

return await builder.Build().RunModelplaneAsync();
