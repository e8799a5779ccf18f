namespace Modelplane.Hosting.Tests.Cli;

/// <summary>How a command-line run ended: its exit code and everything it wrote.</summary>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
