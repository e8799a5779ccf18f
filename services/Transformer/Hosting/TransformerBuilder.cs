using Microsoft.Extensions.DependencyInjection;
using Modelplane.Transformer.Pipeline;

namespace Modelplane.Transformer.Hosting;

/// <summary>
/// Adds steps a pipeline configuration can name. A step is a class implementing <see cref="IRequestStep"/> or
/// <see cref="IResponseStep"/> whose constructor takes its options (bound from the step's entry in the configuration)
/// and any registered service.
/// </summary>
public sealed class TransformerBuilder
{
    internal TransformerBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds a request step named <paramref name="name"/> in configuration (<c>"Step": "name"</c>); a later step of the same name wins.</summary>
    public TransformerBuilder AddRequestStep<TStep, TOptions>(string name)
        where TStep : class, IRequestStep
        where TOptions : class, new() => Add(name, StepSide.Request, typeof(TStep), typeof(TOptions));

    /// <summary>Adds a response step named <paramref name="name"/> in configuration; a later step of the same name wins.</summary>
    public TransformerBuilder AddResponseStep<TStep, TOptions>(string name)
        where TStep : class, IResponseStep
        where TOptions : class, new() => Add(name, StepSide.Response, typeof(TStep), typeof(TOptions));

    private TransformerBuilder Add(string name, StepSide side, Type step, Type options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Services.AddSingleton(new StepRegistration(name, side, step, options));
        return this;
    }
}
