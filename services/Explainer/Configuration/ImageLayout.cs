namespace Modelplane.Explainer.Configuration;

/// <summary>Where the channels of a three-dimensional image input are: first, as ONNX models usually take them, or last.</summary>
public enum ImageLayout
{
    /// <summary>Channels, height, width after the batch dimension.</summary>
    Nchw,

    /// <summary>Height, width, channels after the batch dimension.</summary>
    Nhwc,
}
