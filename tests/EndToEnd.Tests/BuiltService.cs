namespace Modelplane.EndToEnd.Tests;

/// <summary>Where the build put a service's dll, in the configuration these tests were built in.</summary>
internal static class BuiltService
{
    public static string Dll(string service)
    {
        // The tests run from tests/EndToEnd.Tests/bin/{Configuration}/{TargetFramework}/.
        var targetFramework = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = targetFramework.Parent!.Name;
        var path = RepositoryRoot.Combine("services", service, "bin", configuration, targetFramework.Name, $"Modelplane.{service}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{service} is not built at {path}; build Platform.sln first", path);
    }
}
