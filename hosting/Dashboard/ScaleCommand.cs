using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Hosting.Autoscaling;
using Modelplane.Hosting.InferenceServices;

namespace Modelplane.Hosting.Dashboard;

/// <summary>
/// The dashboard's "Set replicas" command on a component: asks for its minimum and maximum and hands them to the
/// autoscaler for the rest of the run, as <c>kubectl patch</c> on <c>minReplicas</c>/<c>maxReplicas</c> would in a
/// cluster; 0 as the minimum lets it scale to zero. The spec is not changed.
/// </summary>
internal static class ScaleCommand
{
    public const string Name = "set-replicas";

    public static IResourceBuilder<ComponentResource> Add(IResourceBuilder<ComponentResource> builder) =>
        builder.WithCommand(Name, "Set replicas", context => ExecuteAsync(builder.Resource, context), new CommandOptions
        {
            Description = "Change the fewest and the most replicas the autoscaler runs, until the AppHost stops",
            IconName = "ArrowAutofitHeight",
        });

    private static async Task<ExecuteCommandResult> ExecuteAsync(ComponentResource component, ExecuteCommandContext context)
    {
        var autoscaler = context.Services.GetRequiredService<Autoscaler>();
        var (min, max) = autoscaler.Range(component) ?? (component.Replicas.Min, component.ReplicaResources.Count);
#pragma warning disable ASPIREINTERACTION001 // The dashboard's own input dialog; Aspire marks it experimental.
        var interaction = context.Services.GetRequiredService<IInteractionService>();
        if (!interaction.IsAvailable)
        {
            return CommandResults.Failure("the dashboard is needed to ask for the replicas");
        }

        var result = await interaction.PromptInputsAsync(
            $"Replicas of {component.Name}",
            string.Create(CultureInfo.InvariantCulture, $"From 0 (scale to zero) to {component.ReplicaResources.Count}, the replicas it has here."),
            [
                new InteractionInput { Name = "min", Label = "Minimum", InputType = InputType.Number, Required = true, Value = min.ToString(CultureInfo.InvariantCulture) },
                new InteractionInput { Name = "max", Label = "Maximum", InputType = InputType.Number, Required = true, Value = max.ToString(CultureInfo.InvariantCulture) },
            ],
            cancellationToken: context.CancellationToken);
#pragma warning restore ASPIREINTERACTION001
        if (result.Canceled || result.Data is not { } inputs)
        {
            return CommandResults.Canceled();
        }

        return Apply(autoscaler, component, inputs["min"].Value, inputs["max"].Value);
    }

    /// <summary>Applies a minimum and maximum given as text, as the dialog returns them.</summary>
    public static ExecuteCommandResult Apply(Autoscaler autoscaler, ComponentResource component, string? min, string? max)
    {
        if (!int.TryParse(min, NumberStyles.None, CultureInfo.InvariantCulture, out var low) || !int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var high))
        {
            return CommandResults.Failure($"minimum '{min}' and maximum '{max}' must be whole numbers");
        }

        return autoscaler.SetRange(component, low, high) is { } problem
            ? CommandResults.Failure(problem)
            : CommandResults.Success(string.Create(CultureInfo.InvariantCulture, $"{component.Name}: between {low} and {high} replicas"));
    }
}
