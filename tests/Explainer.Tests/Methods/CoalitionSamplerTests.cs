using Modelplane.Explainer.Methods;

namespace Modelplane.Explainer.Tests.Methods;

public sealed class CoalitionSamplerTests
{
    [Fact]
    public void A_budget_that_covers_every_coalition_enumerates_them_with_the_shapley_kernels_weights()
    {
        var chosen = CoalitionSampler.Sample(features: 4, budget: CoalitionSampler.DefaultBudget(4), seed: 0);

        Assert.True(chosen.Complete);
        Assert.Equal(14, chosen.Coalitions.Count);
        Assert.Equal(14, chosen.Coalitions.Select(Key).Distinct().Count());
        Assert.Equal(1.0, chosen.Weights.Sum(), 1e-12);

        // The kernel (M − 1) / (C(M, s) s (M − s)), normalized: 1/4 per coalition of size 1 or 3, 1/8 per pair, over 4 + 6/2 + 4.
        for (var j = 0; j < chosen.Coalitions.Count; j++)
        {
            var size = chosen.Coalitions[j].Count(member => member);
            Assert.Equal(size == 2 ? 0.125 / 2.75 : 0.25 / 2.75, chosen.Weights[j], 1e-12);
        }
    }

    [Fact]
    public void A_small_budget_gives_at_most_that_many_distinct_coalitions_never_the_empty_or_full_one()
    {
        var chosen = CoalitionSampler.Sample(features: 16, budget: 100, seed: 3);

        Assert.False(chosen.Complete);
        Assert.InRange(chosen.Coalitions.Count, 90, 100);
        Assert.Equal(chosen.Coalitions.Count, chosen.Coalitions.Select(Key).Distinct().Count());
        Assert.DoesNotContain(chosen.Coalitions, c => c.All(member => member) || !c.Any(member => member));
        Assert.Equal(1.0, chosen.Weights.Sum(), 1e-12);
        Assert.All(chosen.Weights, weight => Assert.True(weight > 0));
    }

    [Fact]
    public void Whole_sizes_the_budget_covers_come_first_each_coalition_with_its_complement()
    {
        var chosen = CoalitionSampler.Sample(features: 12, budget: CoalitionSampler.DefaultBudget(12), seed: 0);
        var keys = chosen.Coalitions.Select(Key).ToHashSet();
        var bySize = chosen.Coalitions.GroupBy(c => c.Count(member => member)).ToDictionary(g => g.Key, g => g.Count());

        // Sizes 1 and 11, 2 and 10, 3 and 9 are 596 coalitions, which the 2072 cover at their share of the kernel's
        // weight; sizes 4 to 8 (2,498 more) are sampled with what is left, 1476, each draw with its complement.
        Assert.False(chosen.Complete);
        Assert.Equal(2072, chosen.Coalitions.Count);
        Assert.Equal([12, 66, 220], new[] { bySize[1], bySize[2], bySize[3] });
        Assert.Equal([220, 66, 12], new[] { bySize[9], bySize[10], bySize[11] });
        Assert.True(bySize[4] < 495 && bySize[5] < 792, $"sizes 4 and 5 were sampled, not enumerated: {bySize[4]}, {bySize[5]}");

        // Only the last draw may lack its complement, when it spent the last of the budget.
        Assert.InRange(chosen.Coalitions.Count(c => c.Count(member => member) != 6 && !keys.Contains(Key([.. c.Select(member => !member)]))), 0, 1);
    }

    [Fact]
    public void The_seed_decides_the_sample()
    {
        var first = CoalitionSampler.Sample(features: 16, budget: 200, seed: 1);
        var again = CoalitionSampler.Sample(features: 16, budget: 200, seed: 1);
        var other = CoalitionSampler.Sample(features: 16, budget: 200, seed: 2);

        Assert.Equal(first.Coalitions.Select(Key), again.Coalitions.Select(Key));
        Assert.Equal(first.Weights, again.Weights);
        Assert.NotEqual(first.Coalitions.Select(Key), other.Coalitions.Select(Key));
    }

    private static string Key(bool[] members) => new([.. members.Select(member => member ? '1' : '0')]);
}
