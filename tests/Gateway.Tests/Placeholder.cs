namespace Modelplane.Gateway.Tests;

internal static class Placeholder;
