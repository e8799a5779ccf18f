namespace Modelplane.Hosting.Specs;

/// <summary>The autoscaler a spec asks for on a cluster: Knative's pod autoscaler or the Kubernetes HPA.</summary>
public enum AutoscalerClass
{
    Kpa,
    Hpa,
}
