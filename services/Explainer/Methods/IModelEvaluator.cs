namespace Modelplane.Explainer.Methods;

/// <summary>Scores rows with the explained model; the explainer's one implementation batches them into predictor calls.</summary>
internal interface IModelEvaluator
{
    /// <summary>The number of scores per row: the classes of the explained output, 1 for a single score.</summary>
    int Classes { get; }

    /// <summary>Scores every row of <paramref name="rows"/>, in as few calls as the limits allow.</summary>
    Task EvaluateAsync(IRowSource rows, CancellationToken cancellationToken);
}
