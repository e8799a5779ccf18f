namespace Modelplane.Hosting.ApplicationModel;

/// <summary>One fact about a resource, added by a <c>WithX()</c> call and read by the supervisor and the publishers.</summary>
public interface IResourceAnnotation;
