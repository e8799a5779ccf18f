namespace Modelplane.Transformer.Images;

/// <summary>Settings of <c>image.tensor</c>: each value is <c>(pixel × Scale − Mean[c]) / Std[c]</c>.</summary>
public sealed class ImageTensorOptions
{
    /// <summary>The predictor input the tensor is sent as.</summary>
    public string Input { get; set; } = "input";

    /// <summary><c>Nchw</c> (the default) or <c>Nhwc</c>.</summary>
    public TensorLayout Layout { get; set; } = TensorLayout.Nchw;

    /// <summary><c>Rgb</c> (the default) or <c>Bgr</c>.</summary>
    public ColorOrder ColorOrder { get; set; } = ColorOrder.Rgb;

    /// <summary>What each 0–255 pixel value is multiplied by first; 1/255 by default.</summary>
    public float Scale { get; set; } = 1f / 255;

    /// <summary>Per-channel means subtracted after scaling, in the tensor's channel order; zeros when not set.</summary>
    public IReadOnlyList<float>? Mean { get; set; }

    /// <summary>Per-channel deviations divided by last, in the tensor's channel order; ones when not set.</summary>
    public IReadOnlyList<float>? Std { get; set; }
}
