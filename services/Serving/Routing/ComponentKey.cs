namespace Modelplane.Serving.Routing;

/// <summary>A component (<c>predictor</c>, <c>transformer</c> or <c>explainer</c>) of a revision of a service.</summary>
public sealed record ComponentKey(string Service, string Revision, string Component);
