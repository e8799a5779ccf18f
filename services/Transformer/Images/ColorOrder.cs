namespace Modelplane.Transformer.Images;

/// <summary>The order of the colour channels in the tensor.</summary>
public enum ColorOrder
{
    /// <summary>Red, green, blue: PIL, torchvision and most models trained in Python.</summary>
    Rgb,

    /// <summary>Blue, green, red: models trained on images read with OpenCV, such as PaddleOCR's.</summary>
    Bgr,
}
