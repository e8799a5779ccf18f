namespace Modelplane.Explainer.Tests.Hosting;

/// <summary>A rectangle of pixels, rows <see cref="Top"/> to <see cref="Bottom"/> and columns <see cref="Left"/> to <see cref="Right"/>, inclusive.</summary>
internal sealed record ImageRegion(int Top, int Left, int Bottom, int Right)
{
    public bool Contains(int y, int x) => y >= Top && y <= Bottom && x >= Left && x <= Right;
}
