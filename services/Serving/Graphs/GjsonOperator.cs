namespace Modelplane.Serving.Graphs;

/// <summary>The comparison of a GJSON query; <see cref="Exists"/> when the query names a path only (<c>#(nets)</c>).</summary>
internal enum GjsonOperator
{
    Exists,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Like,
    NotLike,
}
