namespace Modelplane.Gateway.Routing;

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

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var s = 0; s < table.Services.Count; s++)
        {
            var service = table.Services[s];
            var where = $"services[{s}] ({service.Name})";
            if (!seen.Add(service.Name))
            {
                problems.Add($"{where}: the name is used by another service");
            }

            if (service.Revisions.Count == 0)
            {
                problems.Add($"{where}.revisions: a service needs at least one revision");
            }

            var total = service.Revisions.Sum(r => r.Percent);
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
                var at = $"{where}.revisions[{r}] ({revision.Name})";
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

                    if (route.Http.Count == 0)
                    {
                        problems.Add($"{at}.{component}.http: lists no replica");
                    }

                    problems.AddRange(route.Http.Concat(route.Grpc).Where(url => !IsHttpUrl(url)).Select(url => $"{at}.{component}: '{url}' is not an http:// address"));
                }
            }
        }

        return problems;
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
