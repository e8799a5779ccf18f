namespace Modelplane.Serving.Storage;

/// <summary>What a mirror did: files downloaded (and their bytes), files already current, files removed.</summary>
public sealed record MirrorReport(int Downloaded, long DownloadedBytes, int Unchanged, int Removed);
