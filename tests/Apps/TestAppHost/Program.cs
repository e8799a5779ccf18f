using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;

// An ordinary Aspire AppHost: a web project of its own, and Modelplane's InferenceService beside it.
var builder = DistributedApplication.CreateBuilder(args);

var store = builder.AddModelStore("store")
    .WithModel("iris", "../../../models/iris");

var iris = builder.AddInferenceService("iris")
    .WithModel("s3://store/iris")
    .WithReference(store);

builder.AddGateway("ingress");

builder.AddProject<Projects.TestWeb>("web")
    .WithHttpEndpoint()
    .WithReference(iris)
    .WaitFor(iris);

builder.Build().Run();
