using System.Runtime.InteropServices;
using Microsoft.ML.Tokenizers;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;
using Modelplane.Transformer.Pipeline;

namespace Modelplane.Transformer.Text;

/// <summary>
/// <c>text.tokenize</c>: each row's text to BERT token ids (<c>[CLS] ... [SEP]</c>) with Microsoft.ML.Tokenizers, and an
/// attention mask, padded to a common length as INT64 <c>[rows, length]</c>; a text over the maximum is cut or refused.
/// </summary>
internal sealed class TokenizeStep : IRequestStep, IDescribesTensors
{
    private readonly TokenizeOptions _options;
    private readonly BertTokenizer _tokenizer;

    public TokenizeStep(TokenizeOptions options, PipelineFiles files)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Field, "Field");
        ArgumentException.ThrowIfNullOrEmpty(options.InputIds, "InputIds");
        ArgumentException.ThrowIfNullOrEmpty(options.AttentionMask, "AttentionMask");
        if (options.MaxLength < 3)
        {
            throw new ArgumentException($"MaxLength is {options.MaxLength}; it must leave room for [CLS], a token and [SEP] (3 or more)");
        }

        _tokenizer = BertTokenizer.Create(files.Resolve(options.Vocabulary, "Vocabulary"), new BertOptions { LowerCaseBeforeTokenization = options.LowerCase });
        _options = options;
    }

    public IEnumerable<TensorMetadata> Tensors => [new(_options.Field, TensorDataType.Bytes, [-1])];

    public ValueTask ApplyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var values = context.Read(_options.Field);
        var rows = new List<int[]>(values.Count);
        foreach (var value in values)
        {
            var text = value.GetText();
            var ids = _tokenizer.EncodeToIds(text, addSpecialTokens: false);
            var room = _options.MaxLength - 2;
            if (ids.Count > room && !_options.Truncate)
            {
                throw InferenceException.BadRequest(
                    $"{value.Where} is {ids.Count + 2} tokens with [CLS] and [SEP], over the maximum of {_options.MaxLength} (MaxLength of text.tokenize)");
            }

            rows.Add([_tokenizer.ClassificationTokenId, .. ids.Take(room), _tokenizer.SeparatorTokenId]);
        }

        var length = _options.Padding == Padding.MaxLength ? _options.MaxLength : rows.Max(r => r.Length);
        var tokenIds = new long[rows.Count * length];
        var mask = new long[rows.Count * length];
        for (var row = 0; row < rows.Count; row++)
        {
            for (var i = 0; i < length; i++)
            {
                var isToken = i < rows[row].Length;
                tokenIds[(row * length) + i] = isToken ? rows[row][i] : _tokenizer.PaddingTokenId;
                mask[(row * length) + i] = isToken ? 1 : 0;
            }
        }

        long[] shape = [rows.Count, length];
        context.Texts = [.. values.Select(v => v.GetText())];
        context.Inputs.Add(new InferenceTensor(_options.InputIds, TensorDataType.Int64, shape, MemoryMarshal.AsBytes(tokenIds.AsSpan()).ToArray()));
        context.Inputs.Add(new InferenceTensor(_options.AttentionMask, TensorDataType.Int64, shape, MemoryMarshal.AsBytes(mask.AsSpan()).ToArray()));
        if (_options.TokenTypeIds is { Length: > 0 } tokenTypes)
        {
            context.Inputs.Add(new InferenceTensor(tokenTypes, TensorDataType.Int64, shape, new byte[tokenIds.Length * sizeof(long)]));
        }

        return ValueTask.CompletedTask;
    }
}
