namespace Modelplane.Gateway.Proxy;

/// <summary>Reads a forwarding failure's exception and its inner ones, where the cause a client needs to hear sits deepest.</summary>
internal static class ExceptionChain
{
    /// <summary>The first exception of type <typeparamref name="T"/> in the chain, or null.</summary>
    public static T? Find<T>(Exception? e)
        where T : Exception => e switch
        {
            null => null,
            T found => found,
            _ => Find<T>(e.InnerException),
        };

    /// <summary>The innermost exception, whose message names the cause.</summary>
    public static Exception? Innermost(Exception? e) => e?.InnerException is { } inner ? Innermost(inner) : e;
}
