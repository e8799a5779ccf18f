using Modelplane.ModelBuilder.Identity;
using Modelplane.ModelBuilder.Iris;
using Modelplane.ModelBuilder.Mlp;
using Modelplane.ModelBuilder.Repository;
using Modelplane.ModelBuilder.RowSum;

namespace Modelplane.ModelBuilder;

/// <summary>The command line: builds one named sample model and writes it into a model repository.</summary>
internal static class BuildCommand
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    private static readonly Dictionary<string, Func<BuiltModel>> Models = new(StringComparer.Ordinal)
    {
        [IrisModel.Name] = IrisModel.Build,
        [IdentityModel.Name] = IdentityModel.Build,
        [MlpModel.Name] = MlpModel.Build,
        [RowSumModel.Name] = RowSumModel.Build,
    };

    private static string Usage =>
        $"""
        Usage: dotnet run --project models/ModelBuilder -- <model> [--output DIR]
        Builds <model> into DIR/<model>/ (default DIR: the repository's models/ directory).
        Models: {string.Join(", ", Models.Keys)}
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Count == 1 && args[0] is "-h" or "--help")
        {
            output.WriteLine(Usage);
            return Succeeded;
        }

        string? modelName = null;
        string? root = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--output")
            {
                if (i + 1 == args.Count || string.IsNullOrWhiteSpace(args[i + 1]))
                {
                    return Reject(error, "--output needs a directory.");
                }

                root = args[++i];
            }
            else if (args[i].StartsWith('-') || modelName is not null)
            {
                return Reject(error, $"Unexpected argument '{args[i]}'.");
            }
            else
            {
                modelName = args[i];
            }
        }

        if (modelName is null)
        {
            return Reject(error, "Name the model to build.");
        }

        if (!Models.TryGetValue(modelName, out var build))
        {
            return Reject(error, $"Unknown model '{modelName}'.");
        }

        root ??= ModelRepository.FindSourceRoot(AppContext.BaseDirectory);
        if (root is null)
        {
            return Reject(error, $"Cannot find the repository's models/ directory above {AppContext.BaseDirectory}; pass --output DIR.");
        }

        try
        {
            var model = build();
            output.WriteLine($"{model.Name}: {model.Summary}");
            foreach (var path in new ModelRepository(root).Write(model))
            {
                output.WriteLine($"wrote {Display(path)} ({new FileInfo(path).Length} bytes)");
            }

            return Succeeded;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            error.WriteLine($"Building '{modelName}' into {root} failed: {exception.Message}");
            return Failed;
        }
    }

    // Relative to where the user stands when that is shorter, as in `models/iris/1/model.onnx`.
    private static string Display(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFullPath(path) : relative;
    }

    private static int Reject(TextWriter error, string message)
    {
        error.WriteLine(message);
        error.WriteLine(Usage);
        return UsageError;
    }
}
