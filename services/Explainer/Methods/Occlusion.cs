namespace Modelplane.Explainer.Methods;

/// <summary>
/// Occlusion saliency (Zeiler and Fergus, 2014): a square patch slides over the image, every channel under it set to
/// the baseline, and each pixel's attribution is the mean drop in the score, f(x) − f(x occluded), over the patch
/// positions that cover it. Patches step by the stride, the last one on each axis moved back to the edge so every pixel
/// is covered; every occluded image of every instance is scored in the same batches.
/// </summary>
internal static class Occlusion
{
    /// <summary>Where the patch starts along an axis of <paramref name="length"/> pixels.</summary>
    public static IReadOnlyList<int> Starts(int length, int patch, int stride)
    {
        var starts = new List<int>();
        for (var start = 0; start + patch <= length; start += stride)
        {
            starts.Add(start);
        }

        if (starts[^1] + patch < length)
        {
            starts.Add(length - patch);
        }

        return starts;
    }

    /// <summary>Explains each instance; also gives how many patch positions each was scored at.</summary>
    public static async Task<(IReadOnlyList<InstanceAttribution> Explanations, int Windows)> ExplainAsync(
        double[][] instances, ImageGeometry image, int patch, int stride, double baseline, IModelEvaluator model, CancellationToken cancellationToken)
    {
        var windows = (from y in Starts(image.Height, patch, stride) from x in Starts(image.Width, patch, stride) select (Y: y, X: x)).ToArray();
        var classes = model.Classes;
        var rows = new OccludedImages(instances, image, windows, patch, baseline, classes);
        await model.EvaluateAsync(rows, cancellationToken);

        var pixels = image.Height * image.Width;
        var coverage = new int[pixels];
        foreach (var (top, left) in windows)
        {
            ForEachPixel(image, top, left, patch, pixel => coverage[pixel]++);
        }

        var explanations = new InstanceAttribution[instances.Length];
        for (var i = 0; i < instances.Length; i++)
        {
            var own = rows.Scores(i, 0);
            var attributions = new double[classes][];
            for (var k = 0; k < classes; k++)
            {
                var map = attributions[k] = new double[pixels];
                for (var w = 0; w < windows.Length; w++)
                {
                    var drop = own[k] - rows.Scores(i, w + 1)[k];
                    ForEachPixel(image, windows[w].Y, windows[w].X, patch, pixel => map[pixel] += drop);
                }

                for (var pixel = 0; pixel < pixels; pixel++)
                {
                    map[pixel] /= coverage[pixel];
                }
            }

            explanations[i] = new InstanceAttribution(own.ToArray(), null, attributions);
        }

        return (explanations, windows.Length);
    }

    private static void ForEachPixel(ImageGeometry image, int top, int left, int patch, Action<int> action)
    {
        for (var y = top; y < top + patch; y++)
        {
            for (var x = left; x < left + patch; x++)
            {
                action((y * image.Width) + x);
            }
        }
    }

    /// <summary>Each instance as it is, then once per patch position with the patch set to the baseline.</summary>
    private sealed class OccludedImages(double[][] instances, ImageGeometry image, (int Y, int X)[] windows, int patch, double baseline, int classes) : IRowSource
    {
        private readonly double[] _scores = new double[instances.Length * (windows.Length + 1) * classes];

        public int RowCount { get; } = checked(instances.Length * (windows.Length + 1));

        /// <summary>The scores of an instance's row: 0 for the image itself, w + 1 with patch position w occluded.</summary>
        public ReadOnlySpan<double> Scores(int instance, int row) => _scores.AsSpan(((instance * (windows.Length + 1)) + row) * classes, classes);

        public void Fill(int row, Span<double> values)
        {
            var (instance, offset) = Math.DivRem(row, windows.Length + 1);
            instances[instance].CopyTo(values);
            if (offset == 0)
            {
                return;
            }

            var (top, left) = windows[offset - 1];
            for (var channel = 0; channel < image.Channels; channel++)
            {
                for (var y = top; y < top + patch; y++)
                {
                    for (var x = left; x < left + patch; x++)
                    {
                        values[image.Index(channel, y, x)] = baseline;
                    }
                }
            }
        }

        public void Take(int row, ReadOnlySpan<double> scores) => scores.CopyTo(_scores.AsSpan(row * classes, classes));
    }
}
