namespace Modelplane.Transformer.Responses;

/// <summary>Settings of <c>ctc-decode</c>.</summary>
public sealed class CtcDecodeOptions
{
    /// <summary>The predictor output of per-step class scores, <c>[N, T, C]</c>.</summary>
    public string Output { get; set; } = string.Empty;

    /// <summary>The character dictionary: a text file with one character (or string) per line, for classes 1, 2, ...</summary>
    public string Dictionary { get; set; } = string.Empty;

    /// <summary>The class of the CTC blank; 0 (before the dictionary) by default.</summary>
    public int Blank { get; set; }

    /// <summary>True when the class after the dictionary's last is a space, as PaddleOCR's <c>use_space_char</c>.</summary>
    public bool SpaceAfterDictionary { get; set; } = true;

    /// <summary>The output of the decoded texts, <c>[N]</c>.</summary>
    public string TextOutput { get; set; } = "text";

    /// <summary>The output of each text's confidence: the mean score of its characters, <c>[N]</c>.</summary>
    public string ScoreOutput { get; set; } = "score";
}
