using Modelplane.Explainer.Methods;

namespace Modelplane.Explainer.Tests.Methods;

public sealed class OcclusionTests
{
    [Theory]
    [InlineData(16, 2, 2, new[] { 0, 2, 4, 6, 8, 10, 12, 14 })]
    [InlineData(16, 3, 2, new[] { 0, 2, 4, 6, 8, 10, 12, 13 })]
    [InlineData(16, 4, 3, new[] { 0, 3, 6, 9, 12 })]
    [InlineData(5, 5, 1, new[] { 0 })]
    [InlineData(7, 2, 1, new[] { 0, 1, 2, 3, 4, 5 })]
    public void Patches_step_by_the_stride_and_the_last_one_ends_at_the_edge(int length, int patch, int stride, int[] starts)
    {
        Assert.Equal(starts, Occlusion.Starts(length, patch, stride));
    }
}
