namespace Modelplane.Serving.Routing;

/// <summary>Checks a route table; each problem names its place in the table and what to change.</summary>
public static class RouteTableValidator
{
    /// <summary>The problems found; empty when the table can route.</summary>
    public static IReadOnlyList<string> Check(RouteTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(table.Domain))
        {
            problems.Add("domain: is empty; services answer on {service}.{namespace}.{domain}");
        }

        // JSON may hold an explicit null where a list or object belongs; each is reported, never dereferenced.
        if (table.Services is null)
        {
            problems.Add("services: is null; expected a list of services");
            return problems;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var s = 0; s < table.Services.Count; s++)
        {
            var service = table.Services[s];
            if (service is null)
            {
                problems.Add($"services[{s}]: is null; expected a service");
                continue;
            }

            var where = $"services[{s}] ({service.Name})";
            if (string.IsNullOrWhiteSpace(service.Name))
            {
                problems.Add($"services[{s}].name: is empty; a service needs the name its requests use");
                continue;
            }

            if (string.IsNullOrWhiteSpace(service.Namespace))
            {
                problems.Add($"{where}.namespace: is empty; leave it out for 'default'");
            }

            if (service.Revisions is null)
            {
                problems.Add($"{where}.revisions: is null; a service needs at least one revision");
                continue;
            }

            if (!seen.Add(service.Name))
            {
                problems.Add($"{where}: the name is used by another service");
            }

            if (service.Revisions.Count == 0)
            {
                problems.Add($"{where}.revisions: a service needs at least one revision");
            }

            var total = service.Revisions.Sum(r => r?.Percent ?? 0);
            if (service.Revisions.Count > 0 && total != 100)
            {
                problems.Add($"{where}.revisions: the percentages add up to {total}, not 100");
            }

            if (service.Logger is { } logger)
            {
                if (!IsHttpUrl(logger.Url))
                {
                    problems.Add($"{where}.logger.url: '{logger.Url}' is not an http(s) URL");
                }

                if (logger.Mode is not ("all" or "request" or "response"))
                {
                    problems.Add($"{where}.logger.mode: '{logger.Mode}' is not one of all, request, response");
                }
            }

            for (var r = 0; r < service.Revisions.Count; r++)
            {
                var revision = service.Revisions[r];
                if (revision is null)
                {
                    problems.Add($"{where}.revisions[{r}]: is null; expected a revision");
                    continue;
                }

                var at = $"{where}.revisions[{r}] ({revision.Name})";
                if (string.IsNullOrWhiteSpace(revision.Name))
                {
                    problems.Add($"{where}.revisions[{r}].name: is empty; a revision needs a name (default, canary, ...)");
                }

                if (revision.Percent is < 0 or > 100)
                {
                    problems.Add($"{at}.percent: {revision.Percent} is not between 0 and 100");
                }

                if (revision.Predictor is null && revision.Transformer is null)
                {
                    problems.Add($"{at}: has neither a predictor nor a transformer to send requests to");
                }

                foreach (var (component, route) in new[] { ("predictor", revision.Predictor), ("transformer", revision.Transformer), ("explainer", revision.Explainer) })
                {
                    if (route is null)
                    {
                        continue;
                    }

                    if (route.Http is null or { Count: 0 } && !route.ScaledToZero)
                    {
                        problems.Add($"{at}.{component}.http: lists no replica (set scaledToZero when none runs now)");
                    }
                    else if (route.ScaledToZero && route.Http is { Count: > 0 })
                    {
                        problems.Add($"{at}.{component}: is scaledToZero yet lists replicas; leave the lists empty or scaledToZero out");
                    }

                    if (route.Grpc is null)
                    {
                        problems.Add($"{at}.{component}.grpc: is null; leave it out or give a list of addresses");
                    }

                    problems.AddRange((route.Http ?? []).Concat(route.Grpc ?? []).Where(url => !IsHttpUrl(url)).Select(url => $"{at}.{component}: '{url}' is not an http:// address"));
                }
            }
        }

        return problems;
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
