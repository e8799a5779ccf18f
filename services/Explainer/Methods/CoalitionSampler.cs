namespace Modelplane.Explainer.Methods;

/// <summary>
/// Chooses Kernel SHAP's coalitions within a budget as the shap library does. Whole coalition sizes are enumerated,
/// the smallest and largest first (a size together with its complement size), while the budget covers every
/// coalition of the size at the size's share of the kernel weight; what is left of the budget is sampled with a seeded
/// generator, a size by the kernel weight, then its members at random, each draw with its complement. A coalition
/// drawn again adds to its weight rather than costing another evaluation, so the budget counts distinct coalitions.
/// </summary>
internal static class CoalitionSampler
{
    /// <summary>The default budget, shap's: 2 · features + 2048 coalitions.</summary>
    public static int DefaultBudget(int features) => (2 * features) + 2048;

    /// <summary>At most <paramref name="budget"/> distinct coalitions of <paramref name="features"/> features, none empty or full.</summary>
    public static WeightedCoalitions Sample(int features, int budget, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        var everyCoalition = features >= 31 ? double.MaxValue : Math.Pow(2, features) - 2;
        var left = (int)Math.Min(budget, everyCoalition);
        var sizes = features / 2;
        var paired = (features - 1) / 2;

        // Each size's share of the kernel weight; a paired size also carries its complement size's share.
        var weightBySize = new double[sizes];
        for (var size = 1; size <= sizes; size++)
        {
            weightBySize[size - 1] = ShapleyWeights.KernelBySize(features, size) * (size <= paired ? 2 : 1);
        }

        Normalize(weightBySize);
        var chosen = new Chosen(features);
        var remaining = (double[])weightBySize.Clone();
        var enumerated = 0;
        for (var size = 1; size <= sizes; size++)
        {
            var count = ShapleyWeights.Binomial(features, size) * (size <= paired ? 2 : 1);
            if (left * remaining[size - 1] / count < 1 - 1e-8)
            {
                break;
            }

            enumerated++;
            left -= (int)count;
            if (remaining[size - 1] < 1)
            {
                var rest = 1 - remaining[size - 1];
                for (var i = 0; i < remaining.Length; i++)
                {
                    remaining[i] /= rest;
                }
            }

            var weight = weightBySize[size - 1] / ShapleyWeights.Binomial(features, size) / (size <= paired ? 2 : 1);
            foreach (var members in Combinations(features, size))
            {
                chosen.Add(members, weight);
                if (size <= paired)
                {
                    chosen.Add(Complement(members), weight);
                }
            }
        }

        if (enumerated < sizes && left > 0)
        {
            Sample(chosen, weightBySize, enumerated, paired, left, new Random(seed));
        }

        return new WeightedCoalitions(chosen.Coalitions, chosen.Weights, enumerated == sizes);
    }

    private static void Sample(Chosen chosen, double[] weightBySize, int enumerated, int paired, int left, Random random)
    {
        var features = chosen.Features;

        // A paired size's draw brings its complement along, so it is drawn at half its share.
        var bySize = new double[weightBySize.Length - enumerated];
        for (var i = 0; i < bySize.Length; i++)
        {
            var size = enumerated + i + 1;
            bySize[i] = weightBySize[size - 1] / (size <= paired ? 2 : 1);
        }

        Normalize(bySize);
        var firstSampled = chosen.Coalitions.Count;
        for (var draws = 4L * left; left > 0 && draws > 0; draws--)
        {
            var size = enumerated + 1 + Pick(bySize, random);
            var members = RandomSubset(features, size, random);
            var isNew = chosen.AddOrCount(members);
            if (isNew)
            {
                left--;
            }

            if (left > 0 && size <= paired && chosen.AddOrCount(Complement(members)))
            {
                left--;
            }
        }

        // The sampled coalitions share the weight of the sizes that were not enumerated, in proportion to their draws.
        var share = weightBySize[enumerated..].Sum();
        var drawn = chosen.Weights.Skip(firstSampled).Sum();
        for (var i = firstSampled; i < chosen.Weights.Count; i++)
        {
            chosen.Weights[i] *= share / drawn;
        }
    }

    private static IEnumerable<bool[]> Combinations(int features, int size)
    {
        var indices = Enumerable.Range(0, size).ToArray();
        while (true)
        {
            var members = new bool[features];
            foreach (var index in indices)
            {
                members[index] = true;
            }

            yield return members;
            var position = size - 1;
            while (position >= 0 && indices[position] == features - size + position)
            {
                position--;
            }

            if (position < 0)
            {
                yield break;
            }

            indices[position]++;
            for (var next = position + 1; next < size; next++)
            {
                indices[next] = indices[next - 1] + 1;
            }
        }
    }

    private static bool[] Complement(bool[] members) => [.. members.Select(member => !member)];

    private static bool[] RandomSubset(int features, int size, Random random)
    {
        var order = Enumerable.Range(0, features).ToArray();
        var members = new bool[features];
        for (var i = 0; i < size; i++)
        {
            var j = random.Next(i, features);
            (order[i], order[j]) = (order[j], order[i]);
            members[order[i]] = true;
        }

        return members;
    }

    private static int Pick(double[] probabilities, Random random)
    {
        var u = random.NextDouble();
        for (var i = 0; i < probabilities.Length - 1; i++)
        {
            u -= probabilities[i];
            if (u < 0)
            {
                return i;
            }
        }

        return probabilities.Length - 1;
    }

    private static void Normalize(double[] values)
    {
        var sum = values.Sum();
        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= sum;
        }
    }

    /// <summary>The coalitions chosen so far, each once, with its weight.</summary>
    private sealed class Chosen(int features)
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public int Features { get; } = features;

        public List<bool[]> Coalitions { get; } = [];

        public List<double> Weights { get; } = [];

        public void Add(bool[] members, double weight)
        {
            _index.Add(Key(members), Coalitions.Count);
            Coalitions.Add(members);
            Weights.Add(weight);
        }

        /// <summary>Adds a drawn coalition with weight 1, or adds 1 to its weight when it was drawn before; true when it is new.</summary>
        public bool AddOrCount(bool[] members)
        {
            if (_index.TryGetValue(Key(members), out var existing))
            {
                Weights[existing] += 1;
                return false;
            }

            Add(members, 1);
            return true;
        }

        private static string Key(bool[] members) => string.Create(members.Length, members, static (text, bits) =>
        {
            for (var i = 0; i < bits.Length; i++)
            {
                text[i] = bits[i] ? '1' : '0';
            }
        });
    }
}
