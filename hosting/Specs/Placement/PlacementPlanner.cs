namespace Modelplane.Hosting.Specs.Placement;

/// <summary>
/// Decides, without I/O, what of a spec runs on this machine. Every predictor runs on Modelplane's ONNX predictor,
/// so its model must be located as ONNX: a storage URI of a reachable ONNX model, a local copy the AppHost maps an
/// unreachable URI to, the <c>modelplane.io/storage-uri</c> annotation, a model of the store the spec names
/// (KubeDL's <c>modelVersion</c>), or one named in a container's arguments. Transformers and explainers run on
/// Modelplane's own, configured by their settings or annotations. What cannot be placed is an error naming the field
/// to change and how.
/// </summary>
public static class PlacementPlanner
{
    public static PlacementPlan Plan(InferenceServiceSpec spec, LocalFacts facts)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(facts);
        var context = new PlanContext(spec, facts);
        var revisions = new List<PlannedRevision>();
        foreach (var revision in spec.Revisions)
        {
            var predictor = PlanPredictor(context, revision);
            var transformer = revision.Transformer is null ? null : PlanTransformer(context, revision, revision.Transformer);
            var explainer = revision.Explainer is null ? null : PlanExplainer(context, revision, revision.Explainer);
            if (predictor is not null && (transformer is not null || revision.Transformer is null) && (explainer is not null || revision.Explainer is null))
            {
                revisions.Add(new PlannedRevision(revision.Name, revision.TrafficPercent, predictor, transformer, explainer));
            }
        }

        return new PlacementPlan(spec, EquatableList.From(revisions), EquatableList.From(context.Diagnostics));
    }

    private static PlannedComponent? PlanPredictor(PlanContext context, RevisionSpec revision)
    {
        var component = revision.Predictor;
        if (Locate(context, revision.Name, component) is not var (uri, locator))
        {
            return null;
        }

        var image = component.Container?.Image;
        if (image is not null)
        {
            context.Note(revision.Name, ComponentRole.Predictor, SpecField.Image, $"{image} does not run here; Modelplane's ONNX predictor serves {uri} in its place");
        }

        var name = ModelName(context, component);
        if (component.Model?.Format?.Name == "paddle")
        {
            context.Note(
                revision.Name,
                ComponentRole.Predictor,
                SpecField.Component,
                $"requests use KServe's v1 and v2 protocols (/v2/models/{name}/infer), not the routes of the Paddle Serving application the image runs");
        }

        return new PlannedComponent
        {
            Role = ComponentRole.Predictor,
            Spec = component,
            StorageUri = uri,
            LocatedBy = locator,
            ModelName = name,
            ReplacesImage = image,
            Settings = component.Settings,
        };
    }

    private static (string Uri, ModelLocator Locator)? Locate(PlanContext context, string revision, ComponentSpec component)
    {
        var facts = context.Facts;
        var push = $"models push DIR s3://{facts.StoreBucket}/NAME";
        var annotate = $"{ModelplaneAnnotations.StorageUri}: s3://{facts.StoreBucket}/NAME";
        if (context.Annotation(revision, component, ModelplaneAnnotations.StorageUri) is var (annotated, onComponent))
        {
            var at = onComponent ? (revision, ComponentRole.Predictor) : ((string?)null, (ComponentRole?)null);
            return InStoreOrReachable(context, annotated, at, SpecField.Annotations, ModelLocator.Annotation, $"the annotation {ModelplaneAnnotations.StorageUri} names {annotated}");
        }

        var model = component.Model;
        if (model?.StorageUri is { } storageUri)
        {
            if (MappedCopy(facts, storageUri) is { } copy)
            {
                context.Note(revision, ComponentRole.Predictor, SpecField.StorageUri, $"{storageUri} is served from its local copy {copy}");
                return InStoreOrReachable(context, copy, (revision, ComponentRole.Predictor), SpecField.StorageUri, ModelLocator.StorageMapping, $"the AppHost maps it to {copy}");
            }

            var reach = StorageReach.Of(storageUri, facts);
            if (!reach.Reachable)
            {
                context.Error(revision, ComponentRole.Predictor, SpecField.StorageUri, $"{storageUri} cannot be reached from here; map it to a local ONNX copy in the AppHost, or push an ONNX copy with '{push}' and add the annotation {annotate}");
                return null;
            }

            if (reach.StoreModel is null && model.Format is { IsOnnx: false } format)
            {
                context.Error(revision, ComponentRole.Predictor, SpecField.Format, $"{format.Name} models cannot be served here: Modelplane's predictor runs ONNX; convert the model to ONNX, push it with '{push}' and add the annotation {annotate}, or map {storageUri} to an ONNX copy in the AppHost");
                return null;
            }

            return InStoreOrReachable(context, storageUri, (revision, ComponentRole.Predictor), SpecField.StorageUri, ModelLocator.StorageUri, null);
        }

        if (model?.StoreModel is { } stored)
        {
            if (facts.StoreModels.Contains(stored))
            {
                return (facts.StoreUri(stored), ModelLocator.StoreModel);
            }

            context.Error(revision, ComponentRole.Predictor, SpecField.StoreModel, NotInStore(facts, stored));
            return null;
        }

        if (component.Container is { } container)
        {
            if (ModelNamesInArgs.Candidates(container).FirstOrDefault(facts.StoreModels.Contains) is { } named)
            {
                return (facts.StoreUri(named), ModelLocator.ContainerArgs);
            }

            var image = container.Image ?? "the predictor's container";
            var likely = ModelNamesInArgs.Likely(container).FirstOrDefault();
            context.Error(
                revision,
                ComponentRole.Predictor,
                SpecField.Image,
                likely is null
                    ? $"{image} cannot run here (Modelplane runs its own servers, not container images), and nothing in the spec locates its model; push the model, as ONNX, with '{push}' and add the annotation {annotate}"
                    : $"{image} cannot run here (Modelplane runs its own servers, not container images), and the store holds no model its arguments name; push the model, as ONNX, under the name they use with 'models push DIR s3://{facts.StoreBucket}/{likely}', or add the annotation {annotate}");
            return null;
        }

        context.Error(revision, ComponentRole.Predictor, SpecField.Component, $"names no model; give its location, e.g. the annotation {annotate}");
        return null;
    }

    // A location Modelplane is to load as it is: reachable, and when it is in the local store, a model the store holds.
    private static (string, ModelLocator)? InStoreOrReachable(
        PlanContext context, string uri, (string? Revision, ComponentRole? Role) at, SpecField field, ModelLocator locator, string? why)
    {
        var facts = context.Facts;
        var reach = StorageReach.Of(uri, facts);
        var prefix = why is null ? string.Empty : $"{why}, but ";
        if (!reach.Reachable)
        {
            context.Error(at.Revision, at.Role, field, $"{prefix}{uri} cannot be reached from here; use a location in the local store (s3://{facts.StoreBucket}/NAME), a file path or an http(s) URL of a model.onnx");
            return null;
        }

        if (reach.StoreModel is { } name && !facts.StoreModels.Contains(name))
        {
            context.Error(at.Revision, at.Role, field, $"{prefix}{NotInStore(facts, name)}");
            return null;
        }

        return (uri, locator);
    }

    // A trailing slash names the same directory, on either side of a mapping.
    private static string? MappedCopy(LocalFacts facts, string storageUri) =>
        facts.StorageMappings
            .Where(m => string.Equals(m.Key.TrimEnd('/'), storageUri.TrimEnd('/'), StringComparison.Ordinal))
            .Select(m => m.Value)
            .FirstOrDefault();

    private static string NotInStore(LocalFacts facts, string name)
    {
        var held = facts.StoreModels.Order(StringComparer.Ordinal).ToList();
        var others = held.Count == 0 ? string.Empty : $", or name a model it holds ({string.Join(", ", held)})";
        return $"the model store holds no model '{name}'; push it, as ONNX, with 'models push DIR s3://{facts.StoreBucket}/{name}'{others}";
    }

    private static PlannedComponent? PlanTransformer(PlanContext context, RevisionSpec revision, ComponentSpec component)
    {
        var image = component.Container?.Image;
        var pipeline = context.Annotation(revision.Name, component, ModelplaneAnnotations.Transformer)?.Value ?? component.Settings.Find("pipeline");
        if (pipeline is null)
        {
            context.Error(
                revision.Name,
                ComponentRole.Transformer,
                SpecField.Image,
                $"{image ?? "the transformer's container"} cannot run here (Modelplane runs its own servers, not container images); add the annotation {ModelplaneAnnotations.Transformer}: PIPELINE naming the pipeline of Modelplane's transformer that does its work (image, tabular or text)");
            return null;
        }

        if (image is not null)
        {
            context.Note(revision.Name, ComponentRole.Transformer, SpecField.Image, $"{image} does not run here; Modelplane's transformer runs its {pipeline} pipeline in its place");
        }

        return new PlannedComponent
        {
            Role = ComponentRole.Transformer,
            Spec = component,
            ModelName = ModelName(context, revision.Predictor),
            ReplacesImage = image,
            Settings = component.Settings.With("pipeline", pipeline),
        };
    }

    private static PlannedComponent? PlanExplainer(PlanContext context, RevisionSpec revision, ComponentSpec component)
    {
        var image = component.Container?.Image;
        var type = context.Annotation(revision.Name, component, ModelplaneAnnotations.Explainer)?.Value ?? component.Settings.Find("type");
        if (type is null)
        {
            context.Error(
                revision.Name,
                ComponentRole.Explainer,
                SpecField.Image,
                $"{image ?? "the explainer's container"} cannot run here (Modelplane runs its own servers, not container images); add the annotation {ModelplaneAnnotations.Explainer}: METHOD naming the method of Modelplane's explainer that does its work");
            return null;
        }

        if (component.Model?.StorageUri is { } saved)
        {
            context.Note(revision.Name, ComponentRole.Explainer, SpecField.StorageUri, $"the saved explainer at {saved} is not loaded; Modelplane's explainer builds its own from the predictor");
        }

        if (image is not null)
        {
            context.Note(revision.Name, ComponentRole.Explainer, SpecField.Image, $"{image} does not run here; Modelplane's explainer runs its {type} method in its place");
        }

        return new PlannedComponent
        {
            Role = ComponentRole.Explainer,
            Spec = component,
            ModelName = ModelName(context, revision.Predictor),
            ReplacesImage = image,
            Settings = component.Settings.With("type", type),
        };
    }

    private static string ModelName(PlanContext context, ComponentSpec predictor) => predictor.Model?.Name ?? context.Spec.Name;
}
