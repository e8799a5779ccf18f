using System.Runtime.InteropServices;

namespace Modelplane.Predictor.Onnx;

/// <summary>
/// Gives memory freed by ONNX Runtime back to the operating system. glibc keeps freed heap pages for reuse, so a
/// server that loads and unloads models would otherwise keep the high-water mark of every model it ever held.
/// </summary>
internal static partial class NativeHeap
{
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            // The result only says whether anything was released; either way there is nothing more to do.
            _ = MallocTrim(0);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (musl, for one): nothing to trim this way.
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
