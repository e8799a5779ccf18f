namespace Modelplane.TestAppHost;

/// <summary>Names this AppHost to Aspire's testing builder, which starts its entry point in the test's process.</summary>
public sealed class TestAppHostEntry;
