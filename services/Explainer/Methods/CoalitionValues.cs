using Modelplane.Serving.Errors;

namespace Modelplane.Explainer.Methods;

/// <summary>
/// The value of coalitions of features, as Shapley methods need it: v(S) for an instance is the model's mean score over
/// the background rows with the features in S set to the instance's values and the others left as the background row
/// has them (the interventional expectation, which treats the features as independent). The rows are the background
/// rows (the empty coalition, shared by every instance), then for each instance its own row (all features) and one
/// row per coalition and background row.
/// </summary>
internal sealed class CoalitionValues : IRowSource
{
    private readonly double[][] _instances;
    private readonly double[][] _background;
    private readonly IReadOnlyList<bool[]> _coalitions;
    private readonly int _classes;
    private readonly int _perInstance;
    private readonly double[] _empty;
    private readonly double[] _full;
    private readonly double[] _sums;

    public CoalitionValues(double[][] instances, double[][] background, IReadOnlyList<bool[]> coalitions, int classes)
    {
        _instances = instances;
        _background = background;
        _coalitions = coalitions;
        _classes = classes;
        try
        {
            _perInstance = checked(1 + (coalitions.Count * background.Length));
            RowCount = checked(background.Length + (instances.Length * _perInstance));
        }
        catch (OverflowException)
        {
            throw InferenceException.BadRequest(
                $"explaining {instances.Length} instances with {coalitions.Count} coalitions over {background.Length} background rows would take more than {int.MaxValue} rows; send fewer instances at a time");
        }

        _empty = new double[classes];
        _full = new double[instances.Length * classes];
        _sums = new double[(long)instances.Length * coalitions.Count * classes];
    }

    public int RowCount { get; }

    /// <summary>v of the empty coalition: the mean score over the background, the base value.</summary>
    public double Empty(int @class) => _empty[@class] / _background.Length;

    /// <summary>v of all features: the instance's own score.</summary>
    public double Full(int instance, int @class) => _full[(instance * _classes) + @class];

    /// <summary>v of coalition <paramref name="coalition"/> for an instance.</summary>
    public double Value(int instance, int coalition, int @class) =>
        _sums[(((long)instance * _coalitions.Count) + coalition) * _classes + @class] / _background.Length;

    public void Fill(int row, Span<double> values)
    {
        if (row < _background.Length)
        {
            _background[row].CopyTo(values);
            return;
        }

        var (instance, offset) = Math.DivRem(row - _background.Length, _perInstance);
        var features = _instances[instance];
        if (offset == 0)
        {
            features.CopyTo(values);
            return;
        }

        var (coalition, backgroundRow) = Math.DivRem(offset - 1, _background.Length);
        var members = _coalitions[coalition];
        var background = _background[backgroundRow];
        for (var f = 0; f < values.Length; f++)
        {
            values[f] = members[f] ? features[f] : background[f];
        }
    }

    public void Take(int row, ReadOnlySpan<double> scores)
    {
        Span<double> target;
        if (row < _background.Length)
        {
            target = _empty;
        }
        else
        {
            var (instance, offset) = Math.DivRem(row - _background.Length, _perInstance);
            target = offset == 0
                ? _full.AsSpan(instance * _classes, _classes)
                : _sums.AsSpan((int)((((long)instance * _coalitions.Count) + ((offset - 1) / _background.Length)) * _classes), _classes);
        }

        for (var k = 0; k < _classes; k++)
        {
            target[k] += scores[k];
        }
    }
}
