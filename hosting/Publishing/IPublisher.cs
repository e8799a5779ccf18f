namespace Modelplane.Hosting.Publishing;

/// <summary>Writes the graph out for one target; reads the model and its annotations only, and runs nothing.</summary>
public interface IPublisher
{
    /// <summary>The target's name on the command line.</summary>
    string Target { get; }

    /// <summary>What the target is, for <c>publish --help</c>.</summary>
    string Description { get; }

    /// <summary>The files to write, by path relative to the output directory; a <see cref="GraphException"/> lists what keeps the graph from publishing.</summary>
    Task<PublishedFiles> PublishAsync(PublishContext context, CancellationToken cancellationToken);
}
