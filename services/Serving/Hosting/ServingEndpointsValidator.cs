using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Modelplane.Serving.Hosting;

/// <summary>Refuses addresses the server cannot listen on, and a gRPC port out of range or on an HTTP port, naming the setting.</summary>
internal sealed class ServingEndpointsValidator(IConfiguration configuration) : IValidateOptions<ServingEndpointsOptions>
{
    public ValidateOptionsResult Validate(string? name, ServingEndpointsOptions options)
    {
        var failures = ServingEndpoints.ConfiguredUrls(configuration).Select(ServingEndpoints.CheckUrl).OfType<string>().ToList();
        var grpc = configuration["Serving:GrpcPort"];
        if (grpc is { Length: > 0 } && !int.TryParse(grpc, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            failures.Add($"Serving:GrpcPort is '{grpc}'; use a port number, 0 for any free port, or -1 for no gRPC");
        }
        else if (options.GrpcPort is < ServingEndpoints.GrpcOff or > 65535)
        {
            failures.Add($"Serving:GrpcPort is {options.GrpcPort}; use a port number, 0 for any free port, or -1 for no gRPC");
        }
        else if (options.GrpcPort > 0 && ServingEndpoints.ConfiguredUrls(configuration).Any(u => ServingEndpoints.CheckUrl(u) is null && Microsoft.AspNetCore.Http.BindingAddress.Parse(u).Port == options.GrpcPort))
        {
            failures.Add($"Serving:GrpcPort {options.GrpcPort} is also an HTTP port; gRPC needs a port of its own");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
