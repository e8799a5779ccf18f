namespace Modelplane.Explainer.Methods;

/// <summary>
/// The rows a method needs the model to score, made on demand so that no more of them than one batch is ever held:
/// <see cref="Fill"/> writes a row's input values, <see cref="Take"/> receives the model's scores for it.
/// </summary>
internal interface IRowSource
{
    /// <summary>How many rows there are.</summary>
    int RowCount { get; }

    /// <summary>Writes row <paramref name="row"/>'s input values, one per element of a model input row.</summary>
    void Fill(int row, Span<double> values);

    /// <summary>Receives the model's scores for row <paramref name="row"/>, one per class of the explained output.</summary>
    void Take(int row, ReadOnlySpan<double> scores);
}
