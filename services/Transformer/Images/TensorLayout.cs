namespace Modelplane.Transformer.Images;

/// <summary>Where the channels sit in an image tensor.</summary>
public enum TensorLayout
{
    /// <summary>[batch, channels, height, width]: PyTorch and ONNX exports of it.</summary>
    Nchw,

    /// <summary>[batch, height, width, channels]: TensorFlow and Keras.</summary>
    Nhwc,
}
