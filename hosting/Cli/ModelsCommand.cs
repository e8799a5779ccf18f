using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Modelplane.Hosting.ModelStore;
using Modelplane.Serving.Storage;
using Spectre.Console;

namespace Modelplane.Hosting.Cli;

/// <summary><c>models push DIR s3://bucket/prefix</c> and <c>models list s3://bucket[/prefix]</c>: the model store from the command line.</summary>
internal static class ModelsCommand
{
    // Files from this size get a progress bar; smaller ones are done before a bar could say anything.
    private const long ProgressBarFrom = 1024 * 1024;

    public static Command Create()
    {
        var store = new Option<string?>("--store")
        {
            Description = "The store's connection string, Endpoint=http://host:9000;AccessKey=...;SecretKey=... (default: ConnectionStrings__models, or AWS_ENDPOINT_URL / S3_ENDPOINT with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
        };

        var source = new Argument<string>("directory") { Description = "A model directory ({model}/{version}/model.onnx) or a repository of them" };
        var destination = new Argument<string>("destination") { Description = "Where to put it: s3://bucket/prefix" };
        var push = new Command("push", "Upload a model directory to a store, large files in parts") { source, destination, store };
        push.SetAction((result, cancellationToken) => Run(() => PushAsync(result.GetValue(source)!, result.GetValue(destination)!, result.GetValue(store), cancellationToken)));

        var location = new Argument<string>("location") { Description = "The store location to list: s3://bucket or s3://bucket/prefix" };
        var list = new Command("list", "Show the models a store holds, with their versions and sizes") { location, store };
        list.SetAction((result, cancellationToken) => Run(() => ListAsync(result.GetValue(location)!, result.GetValue(store), cancellationToken)));

        return new Command("models", "Work with the model store") { push, list };
    }

    private static async Task<int> PushAsync(string directory, string destination, string? connection, CancellationToken cancellationToken)
    {
        var uri = StorageUri.Parse(destination);
        var files = ModelPusher.Plan(directory, uri);
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"'{directory}' holds no files to push");
        }

        var store = Connect(connection);
        using var objects = S3ObjectStore.Open(store);
        var pusher = new ModelPusher(objects);
        var total = files.Sum(f => f.Size);
        if (files.Any(f => f.Size >= ProgressBarFrom))
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn())
                .StartAsync(async context =>
                {
                    var bars = files.Where(f => f.Size >= ProgressBarFrom).ToDictionary(f => f.Key, f => context.AddTask(Markup.Escape(f.Key), maxValue: f.Size));
                    await pusher.PushAsync(uri, files, (key, sent) => { if (bars.TryGetValue(key, out var bar)) { bar.Value = sent; } }, cancellationToken);
                });
        }
        else
        {
            await pusher.PushAsync(uri, files, null, cancellationToken);
        }

        // A plain line: Spectre wraps at 80 columns when the output is not a terminal.
        Console.WriteLine($"pushed {files.Count} files ({Size(total)}) from {directory} to {uri} ({store})");
        return 0;
    }

    private static async Task<int> ListAsync(string location, string? connection, CancellationToken cancellationToken)
    {
        var uri = StorageUri.Parse(location);
        if (uri.Scheme != StorageScheme.S3)
        {
            throw new FormatException($"'{location}' is not an S3 location; list s3://bucket or s3://bucket/prefix");
        }

        using var objects = S3ObjectStore.Open(Connect(connection));
        var models = await StoreListing.ListAsync(objects, uri, cancellationToken);
        if (models.Count == 0)
        {
            Console.WriteLine($"{uri} holds no models");
            return 0;
        }

        var table = new Table().Border(TableBorder.None).AddColumns("MODEL", "VERSIONS", "FILES", "SIZE");
        table.Columns[2].RightAligned();
        table.Columns[3].RightAligned();
        foreach (var model in models)
        {
            table.AddRow(
                Markup.Escape(model.Name),
                model.Versions.Count == 0 ? "-" : string.Join(", ", model.Versions),
                model.Files.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Size(model.Bytes));
        }

        AnsiConsole.Write(table);
        return 0;
    }

    private static S3Connection Connect(string? connectionString)
    {
        if (connectionString is { Length: > 0 })
        {
            return S3Connection.Parse(connectionString);
        }

        var connection = S3Connection.FromConfiguration(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        return connection.Endpoint is null && connection.AccessKey is null
            ? throw new InvalidOperationException("no store to talk to: pass --store Endpoint=http://host:9000;AccessKey=...;SecretKey=..., or set ConnectionStrings__models or AWS_ENDPOINT_URL and AWS_ACCESS_KEY_ID")
            : connection;
    }

    private static async Task<int> Run(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is ModelStoreException or FormatException or IOException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:F2} GiB"),
    };
}
