namespace Modelplane.Transformer.Images;

/// <summary>How <c>image.resize</c> fits an image into its width and height.</summary>
public enum ResizeMode
{
    /// <summary>Keep the aspect ratio, scale to fit inside, and pad the rest with <see cref="ImageResizeOptions.PadColor"/>.</summary>
    Pad,

    /// <summary>Scale each side to its target, changing the aspect ratio.</summary>
    Stretch,

    /// <summary>
    /// Scale to the height keeping the aspect ratio, narrow to the width if wider, pad on the right: what text-line
    /// classifiers and recognizers (PaddleOCR's) expect.
    /// </summary>
    Height,
}
