namespace Modelplane.Hosting.Tests;

internal static class Placeholder;
