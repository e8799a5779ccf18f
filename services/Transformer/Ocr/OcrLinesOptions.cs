namespace Modelplane.Transformer.Ocr;

/// <summary>
/// Settings of <c>ocr.lines</c>; the detection defaults are PaddleOCR's (<c>DBPostProcess</c> as its inference tools
/// configure it), the orientation threshold its <c>cls_thresh</c>.
/// </summary>
public sealed class OcrLinesOptions
{
    /// <summary>The detector's probability map, <c>[1, 1, H, W]</c>.</summary>
    public string Output { get; set; } = "sigmoid_0.tmp_0";

    /// <summary>A pixel with a higher probability is text.</summary>
    public float Threshold { get; set; } = 0.3f;

    /// <summary>A region whose mean probability is lower is dropped.</summary>
    public float BoxThreshold { get; set; } = 0.6f;

    /// <summary>How far a region's rectangle is grown: its area × this ÷ its perimeter on every side.</summary>
    public float UnclipRatio { get; set; } = 1.5f;

    /// <summary>At most this many regions are looked at.</summary>
    public int MaxCandidates { get; set; } = 1000;

    /// <summary>The transformer's own pipeline that tells an upright line from one turned 180°; none when empty.</summary>
    public string Classifier { get; set; } = "ocr-cls";

    /// <summary>A line the classifier calls "180" with at least this score is turned before it is read.</summary>
    public float ClassifierThreshold { get; set; } = 0.9f;

    /// <summary>The transformer's own pipeline that reads a line's text.</summary>
    public string Recognizer { get; set; } = "ocr-rec";

    /// <summary>The input both pipelines read the line images from, as PNG files.</summary>
    public string ImageField { get; set; } = "image_bytes";
}
