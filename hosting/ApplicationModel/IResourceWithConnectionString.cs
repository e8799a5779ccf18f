namespace Modelplane.Hosting.ApplicationModel;

/// <summary>A resource others reach through a connection string, passed as <c>ConnectionStrings__{name}</c>.</summary>
public interface IResourceWithConnectionString : IResource;
