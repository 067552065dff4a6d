using Inpaint.Inference.Models;

namespace Inpaint.Local.Commands;

/// <summary>
/// <c>inpaint models list | pull NAME | verify [NAME] | import DIR [--name NAME]</c>, with
/// <c>--dir DIR</c> (the models directory, default <c>$INPAINT_MODELS</c> or <c>~/.inpaint/models</c>) and
/// <c>--catalog FILE</c> (a JSON list of manifests that adds to or overrides the built-in public exports).
/// Exit codes: 0 done, 1 a model failed (missing, corrupt, download error), 2 usage.
/// </summary>
public static class ModelsCommand
{
    private const string Usage = """
        usage: inpaint models list                 [--dir DIR] [--catalog FILE]
               inpaint models pull NAME            [--dir DIR] [--catalog FILE]
               inpaint models verify [NAME]        [--dir DIR]
               inpaint models import DIR [--name NAME] [--dir DIR] [--catalog FILE]
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct)
    {
        var positional = new List<string>();
        string? dir = null, catalogPath = null, name = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dir" when i + 1 < args.Length: dir = args[++i]; break;
                case "--catalog" when i + 1 < args.Length: catalogPath = args[++i]; break;
                case "--name" when i + 1 < args.Length: name = args[++i]; break;
                case "-h" or "--help": await output.WriteLineAsync(Usage); return 0;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        await output.WriteLineAsync($"unknown option {args[i]}\n{Usage}");
                        return 2;
                    }
                    positional.Add(args[i]);
                    break;
            }
        }
        if (positional.Count == 0)
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        var store = new ModelStore(dir ?? ModelStore.DefaultRoot);
        IReadOnlyList<ModelManifest> catalog;
        try
        {
            catalog = Catalog(catalogPath);
            return positional[0] switch
            {
                "list" when positional.Count == 1 => await ListAsync(store, catalog, output),
                "pull" when positional.Count == 2 => await PullAsync(store, catalog, positional[1], output, ct),
                "verify" when positional.Count <= 2 => await VerifyAsync(store, positional.Count == 2 ? positional[1] : null, output, ct),
                "import" when positional.Count == 2 => await ImportAsync(store, catalog, positional[1], name, output, ct),
                _ => await UsageAsync(output),
            };
        }
        catch (Exception ex) when (ex is ModelIntegrityException or ModelMissingException or HttpRequestException or IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            await output.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> UsageAsync(TextWriter output)
    {
        await output.WriteLineAsync(Usage);
        return 2;
    }

    private static IReadOnlyList<ModelManifest> Catalog(string? path)
    {
        if (path is null) return KnownModels.All;
        var extra = ModelManifest.ReadCatalog(path);
        return [.. extra, .. KnownModels.All.Where(k => extra.All(e => e.Name != k.Name))];
    }

    private static async Task<int> ListAsync(ModelStore store, IReadOnlyList<ModelManifest> catalog, TextWriter output)
    {
        await output.WriteLineAsync($"models directory: {store.Root}");
        var installed = store.List();
        foreach (var m in installed)
        {
            var state = store.IsInstalled(m.Name) ? "installed" : "incomplete";
            await output.WriteLineAsync($"  {m.Name,-24} {m.Family,-22} {state,-10} {Megabytes(m.TotalSize)}");
            await DescribeAsync(Known(catalog, m), output);
        }
        foreach (var m in catalog.Where(c => installed.All(i => i.Name != c.Name)))
        {
            await output.WriteLineAsync($"  {m.Name,-24} {m.Family,-22} {"available",-10} {Megabytes(m.TotalSize)}");
            await DescribeAsync(m, output);
        }
        return 0;
    }

    /// <summary>The catalog's description of an installed model (an imported manifest may carry none).</summary>
    private static ModelManifest Known(IReadOnlyList<ModelManifest> catalog, ModelManifest installed) =>
        catalog.FirstOrDefault(c => c.Name == installed.Name) is { } known
            ? installed with { Purpose = installed.Purpose ?? known.Purpose, License = installed.License ?? known.License, Source = installed.Source ?? known.Source }
            : installed;

    /// <summary>What the model is for, its licence and where it comes from, indented under its line.</summary>
    private static async Task DescribeAsync(ModelManifest m, TextWriter output)
    {
        if (m.Purpose is not null) await output.WriteLineAsync($"      for:     {m.Purpose}");
        if (m.License is not null) await output.WriteLineAsync($"      licence: {m.License}");
        if (m.Source is not null) await output.WriteLineAsync($"      from:    {m.Source}");
    }

    private static async Task<int> PullAsync(ModelStore store, IReadOnlyList<ModelManifest> catalog, string name, TextWriter output, CancellationToken ct)
    {
        var manifest = catalog.FirstOrDefault(m => m.Name == name);
        if (manifest is null)
        {
            await output.WriteLineAsync($"error: no model named '{name}' in the catalog; known: {string.Join(", ", catalog.Select(c => c.Name))}");
            return 1;
        }
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("inpaint-models/1.0");
        var installed = await store.PullAsync(manifest, http, new ProgressLines(output), ct);
        await output.WriteLineAsync($"pulled {installed.Name}: {installed.Files.Count} files, {Megabytes(installed.TotalSize)}, SHA-256 verified");
        return 0;
    }

    private static async Task<int> VerifyAsync(ModelStore store, string? name, TextWriter output, CancellationToken ct)
    {
        var names = name is null ? store.List().Select(m => m.Name).ToList() : [name];
        if (names.Count == 0)
        {
            await output.WriteLineAsync($"no models installed in {store.Root}");
            return 0;
        }
        var failed = 0;
        foreach (var n in names)
        {
            var result = await store.VerifyAsync(n, ct);
            if (result.Ok)
            {
                await output.WriteLineAsync($"ok      {n}");
                continue;
            }
            failed++;
            await output.WriteLineAsync($"FAILED  {n}");
            foreach (var p in result.Problems) await output.WriteLineAsync($"        {p}");
        }
        return failed == 0 ? 0 : 1;
    }

    private static async Task<int> ImportAsync(ModelStore store, IReadOnlyList<ModelManifest> catalog, string source, string? name, TextWriter output, CancellationToken ct)
    {
        ModelManifest? manifest = null;
        if (!File.Exists(Path.Combine(source, ModelManifest.FileName)))
        {
            // A bare folder of files (e.g. a Hugging Face snapshot): lay it out as the named catalog entry.
            var key = name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(source));
            manifest = catalog.FirstOrDefault(m => m.Name == key);
            if (manifest is null)
            {
                await output.WriteLineAsync($"error: {source} has no {ModelManifest.FileName} and '{key}' is not a known model; pass --name NAME");
                return 1;
            }
        }
        var installed = await store.ImportAsync(source, manifest, new ProgressLines(output), ct);
        await output.WriteLineAsync($"imported {installed.Name}: {installed.Files.Count} files, {Megabytes(installed.TotalSize)}");
        return 0;
    }

    private static string Megabytes(long? bytes) => bytes is { } b ? $"{b / 1e6:F1} MB" : "size unknown";

    /// <summary>One line per file at start and end and every tenth of the way, so logs stay short.</summary>
    private sealed class ProgressLines(TextWriter output) : IProgress<ModelTransferProgress>
    {
        private string? _file;
        private long _lastTenth = -1;

        public void Report(ModelTransferProgress value)
        {
            lock (this)
            {
                if (value.File != _file)
                {
                    _file = value.File;
                    _lastTenth = -1;
                    output.WriteLine($"{value.Model}: {value.File}{(value.Resumed ? $" (resuming at {value.Bytes} bytes)" : "")}");
                }
                if (value.Total is not { } total || total == 0) return;
                var tenth = value.Bytes * 10 / total;
                if (tenth == _lastTenth) return;
                _lastTenth = tenth;
                output.WriteLine($"  {value.Bytes / 1e6,8:F1} / {total / 1e6:F1} MB ({tenth * 10}%)");
            }
        }
    }
}
