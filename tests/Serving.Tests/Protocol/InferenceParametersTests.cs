using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Tests.Protocol;

/// <summary>Parameters hold booleans, integers, numbers and strings, widening int and float.</summary>
public sealed class InferenceParametersTests
{
    [Fact]
    public void Values_are_kept_by_type_and_int_and_float_widen()
    {
        var parameters = new InferenceParameters().Set("k", 3).Set("t", 0.5f).Set("on", true).Set("tag", "canary").Set("big", long.MaxValue);

        Assert.Equal(5, parameters.Count);
        Assert.True(parameters.TryGet<long>("k", out var k) && k == 3);
        Assert.False(parameters.TryGet<int>("k", out _));
        Assert.True(parameters.TryGet<double>("t", out var t) && t == 0.5);
        Assert.True(parameters.TryGet<bool>("on", out var on) && on);
        Assert.True(parameters.TryGet<string>("tag", out var tag) && tag == "canary");
        Assert.True(parameters.TryGetValue("big", out var big) && (long)big == long.MaxValue);
        Assert.True(parameters.Contains("tag"));
        Assert.False(parameters.TryGet<string>("missing", out _));
        Assert.Equal(["k", "t", "on", "tag", "big"], parameters.Entries.Select(e => e.Key));
    }

    [Fact]
    public void Setting_a_key_again_replaces_its_value()
    {
        var parameters = new InferenceParameters().Set("k", 3).Set("k", "three");

        Assert.Equal(1, parameters.Count);
        Assert.True(parameters.TryGet<string>("k", out var k) && k == "three");
    }

    [Fact]
    public void Values_other_than_booleans_numbers_and_strings_are_refused()
    {
        foreach (var value in new object[] { 'c', new[] { 1.5 }, new Dictionary<string, object>(), 1.5m })
        {
            var error = Assert.Throws<ArgumentException>(() => new InferenceParameters().Set("p", value));
            Assert.Contains("parameter 'p'", error.Message, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentException>(() => new InferenceParameters().Set("p", null!));
    }
}
