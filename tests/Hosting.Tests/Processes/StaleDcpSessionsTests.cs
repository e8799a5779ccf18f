using System.Diagnostics;
using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.Tests.Processes;

/// <summary>
/// A killed AppHost's DCP session folder, which holds the whole output of its processes, is removed at the next run's
/// start; a folder a running process names, or one just made, is left alone.
/// </summary>
public sealed class StaleDcpSessionsTests
{
    [Fact]
    public async Task Only_session_folders_no_process_names_and_older_than_the_minimum_are_removed()
    {
        using var temporary = new TemporaryDirectory("dcp-sessions");
        var stale = Session(temporary, "aspire-dcpStale", TimeSpan.FromMinutes(5));
        var inUse = Session(temporary, "aspire-dcpInUse", TimeSpan.FromMinutes(5));
        var young = Session(temporary, "aspire-dcpYoung", TimeSpan.Zero);
        var other = Session(temporary, "not-dcp", TimeSpan.FromMinutes(5));

        // As DCP runs: its session folder in its environment.
        var info = new ProcessStartInfo("sleep", "60") { UseShellExecute = false };
        info.Environment["DCP_SESSION_FOLDER"] = inUse;
        using var dcp = Process.Start(info)!;
        try
        {
            var removed = StaleDcpSessions.Remove(temporary.FullPath, TimeSpan.FromMinutes(1));

            Assert.Equal([stale], removed);
            Assert.False(Directory.Exists(stale));
            Assert.True(Directory.Exists(inUse));
            Assert.True(Directory.Exists(young));
            Assert.True(Directory.Exists(other));
        }
        finally
        {
            dcp.Kill();
            await dcp.WaitForExitAsync();
        }
    }

    private static string Session(TemporaryDirectory temporary, string name, TimeSpan age)
    {
        var path = temporary.Combine(name);
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "0856b4e1_out"), "output of a process\n");
        Directory.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }
}
