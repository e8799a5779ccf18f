namespace Modelplane.Transformer.Images;

/// <summary>Settings of <c>image.crop</c>: a box of <see cref="Width"/> × <see cref="Height"/>, at (<see cref="X"/>, <see cref="Y"/>) or centred.</summary>
public sealed class ImageCropOptions
{
    /// <summary>The width of the box in pixels.</summary>
    public int Width { get; set; }

    /// <summary>The height of the box in pixels.</summary>
    public int Height { get; set; }

    /// <summary>The left edge; the box is centred horizontally when not set.</summary>
    public int? X { get; set; }

    /// <summary>The top edge; the box is centred vertically when not set.</summary>
    public int? Y { get; set; }
}
