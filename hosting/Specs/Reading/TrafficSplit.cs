namespace Modelplane.Hosting.Specs.Reading;

/// <summary>The default/canary split KFServing and ElasticServing share: the canary takes <c>canaryTrafficPercent</c>, the default the rest.</summary>
internal static class TrafficSplit
{
    /// <summary>The canary's share, warning where the spec's intent is not what it will get.</summary>
    public static int CanaryShare(YamlMap spec, bool hasCanary)
    {
        var percent = spec.Int("canaryTrafficPercent", 0, 100);
        if (hasCanary && percent is null && !spec.Has("canaryTrafficPercent"))
        {
            spec.Warn("canary", "gets no traffic without canaryTrafficPercent; set its share, e.g. canaryTrafficPercent: 10");
        }
        else if (!hasCanary && percent is not null)
        {
            spec.Warn("canaryTrafficPercent", "there is no canary, so the default takes all the traffic; add spec.canary or remove canaryTrafficPercent");
        }

        return hasCanary ? percent ?? 0 : 0;
    }
}
