using Modelplane.Transformer.Images;

namespace Modelplane.Transformer.Ocr;

/// <summary>
/// Settings of <c>ocr.page</c>; the defaults are PaddleOCR's for its detector: <c>DetResizeForTest</c> with a limit of
/// 960 on the longer side, then ImageNet's mean and deviation on the BGR channels in that order, as OpenCV reads them.
/// </summary>
public sealed class OcrPageOptions
{
    /// <summary>The detector's input.</summary>
    public string Input { get; set; } = "x";

    /// <summary>A page whose longer side is longer is scaled down to it; each side then rounds to a multiple of 32.</summary>
    public int LimitSideLength { get; set; } = 960;

    /// <summary>The channel order of the tensor.</summary>
    public ColorOrder ColorOrder { get; set; } = ColorOrder.Bgr;

    /// <summary>Per-channel means after scaling to 0–1, in the tensor's channel order.</summary>
    public IReadOnlyList<float> Mean { get; set; } = [0.485f, 0.456f, 0.406f];

    /// <summary>Per-channel deviations, in the tensor's channel order.</summary>
    public IReadOnlyList<float> Std { get; set; } = [0.229f, 0.224f, 0.225f];
}
