namespace Modelplane.Serving.Graphs;

/// <summary>The like-pattern of gjson's <c>%</c> and <c>!%</c> (tidwall/match): <c>*</c> any run, <c>?</c> any one character, <c>\</c> escapes.</summary>
internal static class GjsonPattern
{
    public static bool Matches(string text, string pattern) => Matches(text.AsSpan(), pattern.AsSpan());

    private static bool Matches(ReadOnlySpan<char> text, ReadOnlySpan<char> pattern)
    {
        while (pattern.Length > 0)
        {
            switch (pattern[0])
            {
                case '*':
                    var after = pattern[1..];
                    for (var i = 0; i <= text.Length; i++)
                    {
                        if (Matches(text[i..], after))
                        {
                            return true;
                        }
                    }

                    return false;

                case '?' when text.Length > 0:
                    break;

                case '\\' when pattern.Length > 1:
                    pattern = pattern[1..];
                    if (text.Length == 0 || text[0] != pattern[0])
                    {
                        return false;
                    }

                    break;

                default:
                    if (text.Length == 0 || text[0] != pattern[0])
                    {
                        return false;
                    }

                    break;
            }

            text = text[1..];
            pattern = pattern[1..];
        }

        return text.Length == 0;
    }
}
