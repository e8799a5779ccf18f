using Modelplane.Explainer.Configuration;

namespace Modelplane.Explainer.Methods;

/// <summary>The height, width and channels of an image input row, and where each element of a pixel lies in it.</summary>
internal sealed record ImageGeometry(int Channels, int Height, int Width, ImageLayout Layout)
{
    /// <summary>The index in a row of one channel of the pixel at (<paramref name="y"/>, <paramref name="x"/>).</summary>
    public int Index(int channel, int y, int x) => Layout == ImageLayout.Nchw
        ? (((channel * Height) + y) * Width) + x
        : (((y * Width) + x) * Channels) + channel;
}
