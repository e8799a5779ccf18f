namespace Modelplane.Transformer.Images;

/// <summary>Settings of <c>image.decode</c>.</summary>
public sealed class ImageDecodeOptions
{
    /// <summary>
    /// The member of each v1 instance (<c>{"image_bytes": {"b64": "..."}}</c>), or the v2 BYTES input, that holds the
    /// encoded image; an instance that is itself <c>{"b64": ...}</c> or a base64 string is the image.
    /// </summary>
    public string Field { get; set; } = "image_bytes";

    /// <summary>The most pixels (width × height) an image may have; larger ones are refused from their header, before decoding.</summary>
    public long MaxPixels { get; set; } = 40_000_000;
}
