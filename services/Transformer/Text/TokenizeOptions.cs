namespace Modelplane.Transformer.Text;

/// <summary>Settings of <c>text.tokenize</c>.</summary>
public sealed class TokenizeOptions
{
    /// <summary>The member of each v1 instance, or the v2 BYTES input, that holds the text; a string instance is the text.</summary>
    public string Field { get; set; } = "text";

    /// <summary>The WordPiece vocabulary (BERT's <c>vocab.txt</c>: one token per line, the line number its id).</summary>
    public string Vocabulary { get; set; } = string.Empty;

    /// <summary>Lower-case before tokenizing, as uncased BERT models expect.</summary>
    public bool LowerCase { get; set; } = true;

    /// <summary>The most tokens per row, <c>[CLS]</c> and <c>[SEP]</c> included.</summary>
    public int MaxLength { get; set; } = 128;

    /// <summary>True cuts longer texts to <see cref="MaxLength"/>; false (the default) refuses them with 400.</summary>
    public bool Truncate { get; set; }

    /// <summary><c>MaxLength</c> (the default) or <c>Longest</c>.</summary>
    public Padding Padding { get; set; } = Padding.MaxLength;

    /// <summary>The predictor input of token ids.</summary>
    public string InputIds { get; set; } = "input_ids";

    /// <summary>The predictor input of the attention mask (1 for a token, 0 for padding).</summary>
    public string AttentionMask { get; set; } = "attention_mask";

    /// <summary>The predictor input of token type ids (all 0 for one sentence); not sent when empty.</summary>
    public string? TokenTypeIds { get; set; }
}
