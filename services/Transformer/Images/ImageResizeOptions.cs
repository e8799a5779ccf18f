namespace Modelplane.Transformer.Images;

/// <summary>Settings of <c>image.resize</c>.</summary>
public sealed class ImageResizeOptions
{
    /// <summary>The width in pixels.</summary>
    public int Width { get; set; }

    /// <summary>
    /// With <c>Height</c>: when more than <see cref="Width"/>, the batch widens up to this so its widest image keeps its
    /// aspect ratio, as PaddleOCR's recognizer batches by their widest ratio; 0 keeps the width fixed.
    /// </summary>
    public int MaxWidth { get; set; }

    /// <summary>The height in pixels.</summary>
    public int Height { get; set; }

    /// <summary>How the image fits: <c>Pad</c> (the default), <c>Stretch</c> or <c>Height</c>.</summary>
    public ResizeMode Mode { get; set; } = ResizeMode.Pad;

    /// <summary>With <c>Pad</c>: true centres the image, false puts it in the top-left corner.</summary>
    public bool Center { get; set; } = true;

    /// <summary>The colour of the padding, as <c>#RRGGBB</c>.</summary>
    public string PadColor { get; set; } = "#000000";
}
