using Modelplane.Explainer.Methods;
using Modelplane.Serving.Protocol;

namespace Modelplane.Explainer.Explanations;

/// <summary>The answer to one explain request: each instance's attributions, the plan that made them, and the method's own figures (coalitions, patches).</summary>
internal sealed record Explanation(ExplanationPlan Plan, IReadOnlyList<InstanceAttribution> Instances, InferenceParameters Details);
