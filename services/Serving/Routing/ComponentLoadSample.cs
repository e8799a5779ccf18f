namespace Modelplane.Serving.Routing;

/// <summary>
/// The load of one component of a revision over one second, as Knative's queue-proxy and activator report it to its
/// autoscaler. A request the gateway sends to a transformer or an explainer also counts for the revision's predictor,
/// which the transformer or explainer calls for it.
/// </summary>
/// <param name="Service">The service, as the route table names it.</param>
/// <param name="Revision">The revision of the service.</param>
/// <param name="Component">The component of the revision: <c>predictor</c>, <c>transformer</c> or <c>explainer</c>.</param>
/// <param name="Concurrency">The requests in flight on average over the second, weighted by time; held requests count.</param>
/// <param name="Requests">The requests that arrived in the second.</param>
/// <param name="Held">The requests waiting for a ready replica of the component at the end of the second.</param>
/// <param name="InFlight">The requests in flight at the end of the second, held ones included.</param>
public sealed record ComponentLoadSample(
    string Service,
    string Revision,
    string Component,
    double Concurrency,
    long Requests,
    int Held,
    int InFlight);
