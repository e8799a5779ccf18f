using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting;

/// <summary>The <c>WithX()</c> calls every resource takes, as Aspire names them; each only adds an annotation.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Sets an environment variable for the resource's processes.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.WithAnnotation(new EnvironmentAnnotation(name, value));
    }

    /// <summary>Adds arguments to the resource's command line.</summary>
    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params string[] args)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new CommandLineArgsAnnotation(args));
    }

    /// <summary>Gives the resource <paramref name="target"/>'s endpoints or connection string (Aspire's <c>WithReference</c>).</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> target)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(target);
        return builder.WithAnnotation(new ReferenceAnnotation(target.Resource));
    }

    /// <summary>
    /// Declares an endpoint; with <paramref name="port"/> it listens there locally, else on a free port. The AppHost's
    /// configuration may move it: <c>Modelplane:Endpoints:{resource}:{endpoint}</c> gives another port (0 for a free one).
    /// </summary>
    public static IResourceBuilder<T> WithEndpoint<T>(this IResourceBuilder<T> builder, string name, int? port = null, int targetPort = 8080)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (builder.ApplicationBuilder.Configuration[$"Modelplane:Endpoints:{builder.Resource.Name}:{name}"] is { Length: > 0 } configured)
        {
            if (int.TryParse(configured, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed <= 65535)
            {
                port = parsed;
            }
            else
            {
                builder.ApplicationBuilder.AddProblem($"Modelplane:Endpoints:{builder.Resource.Name}:{name} is '{configured}', not a port number (0 for any free port)");
            }
        }

        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, $"{builder.Resource.Name}: port {port} is not between 0 and 65535");
        }

        return builder.WithAnnotation(new EndpointAnnotation(name, port == 0 ? null : port, targetPort));
    }

    /// <summary>Declares the HTTP endpoint.</summary>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null)
        where T : IResource => builder.WithEndpoint(EndpointAnnotation.Http, port);

    /// <summary>Runs <paramref name="replicas"/> processes of the resource.</summary>
    public static IResourceBuilder<T> WithReplicas<T>(this IResourceBuilder<T> builder, int replicas)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        return builder.WithAnnotation(new ReplicaAnnotation(replicas, replicas));
    }

    /// <summary>Starts the resource only once <paramref name="dependency"/> is healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dependency);
        return builder.WithAnnotation(new WaitAnnotation(dependency.Resource));
    }

    /// <summary>The resource is healthy when a GET of <paramref name="path"/> on its HTTP endpoint answers 2xx.</summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path = "/health")
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new HealthCheckAnnotation(EndpointAnnotation.Http, path));
    }
}
