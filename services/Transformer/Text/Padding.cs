namespace Modelplane.Transformer.Text;

/// <summary>How long <c>text.tokenize</c> makes each row.</summary>
public enum Padding
{
    /// <summary>Every row padded to <see cref="TokenizeOptions.MaxLength"/>: a fixed shape, as exported models often want.</summary>
    MaxLength,

    /// <summary>Rows padded to the longest row of the request.</summary>
    Longest,
}
