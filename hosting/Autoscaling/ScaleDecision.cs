namespace Modelplane.Hosting.Autoscaling;

/// <summary>What the KPA decided for a component at one moment, with the numbers it decided on.</summary>
/// <param name="Desired">The replicas the component should run.</param>
/// <param name="Panicking">Whether the decision was made in panic mode, where the count only grows.</param>
/// <param name="StableValue">The metric averaged over the stable window, in total over all replicas.</param>
/// <param name="PanicValue">The metric averaged over the panic window, in total over all replicas.</param>
/// <param name="Reason">A short account for a person, naming the numbers: the averages, the target and each bound that applied.</param>
public sealed record ScaleDecision(int Desired, bool Panicking, double StableValue, double PanicValue, string Reason);
