using System.Globalization;
using System.Text;

namespace Modelplane.Bench.ConstantRate;

/// <summary>vegeta's <c>report</c>, line for line, so the figures sit beside KServe's tutorial's.</summary>
internal static class AttackReport
{
    public static string ToText(AttackResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        void Line(string label, string values) => text.Append(CultureInfo.InvariantCulture, $"{label,-42} {values}\n");
        string Ms(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:0.###}ms");

        Line("Requests      [total, rate, throughput]", string.Create(CultureInfo.InvariantCulture, $"{result.Requests}, {result.Rate:0.00}, {result.Throughput:0.00}"));
        Line("Duration      [total, attack, wait]", string.Create(CultureInfo.InvariantCulture, $"{(result.Attack + result.Wait).TotalSeconds:0.000}s, {result.Attack.TotalSeconds:0.000}s, {Ms(result.Wait.TotalMilliseconds)}"));
        Line("Latencies     [min, mean, 50, 90, 95, 99, max]", string.Join(", ",
            Ms(result.MinMilliseconds), Ms(result.MeanMilliseconds), Ms(result.Milliseconds(50)), Ms(result.Milliseconds(90)),
            Ms(result.Milliseconds(95)), Ms(result.Milliseconds(99)), Ms(result.MaxMilliseconds)));
        Line("Bytes In      [total, mean]", string.Create(CultureInfo.InvariantCulture, $"{result.BytesIn}, {(double)result.BytesIn / Math.Max(1, result.Requests):0.00}"));
        Line("Bytes Out     [total, mean]", string.Create(CultureInfo.InvariantCulture, $"{result.BytesOut}, {(double)result.BytesOut / Math.Max(1, result.Requests):0.00}"));
        Line("Success       [ratio]", string.Create(CultureInfo.InvariantCulture, $"{result.SuccessRatio * 100:0.00}%"));
        Line("Status Codes  [code:count]", string.Join("  ", result.StatusCodes.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value}")));
        text.Append("Error Set:\n");
        foreach (var (error, count) in result.Errors.OrderByDescending(e => e.Value))
        {
            text.Append(CultureInfo.InvariantCulture, $"{error} ({count} times)\n");
        }

        return text.ToString();
    }
}
