using Modelplane.EchoServer;

// The reference every serving benchmark is divided by, so it carries nothing but Kestrel and routing:
// no OpenTelemetry, no health checks, no per-request logging. Only the lifetime messages stay, because
// the harness reads "Now listening on:" to learn the port the OS picked.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddConsole();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);

var app = builder.Build();
app.MapPost("/echo", EchoEndpoint.HandleAsync);
await app.RunAsync();
