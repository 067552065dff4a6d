using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inpaint.Local.Client;
using Inpaint.Local.Demo;
using Inpaint.Local.Hosting;

namespace Inpaint.Local.Commands;

/// <summary>
/// <c>inpaint batch DIR [--out OUT]</c>: one task per image in DIR (PNG, JPEG, WebP; not recursive). The task's args
/// are the API's names (<c>masking_prompt</c>, <c>inpainting_prompt</c>, <c>n_samples</c>, …) read from <c>args.json</c>
/// in DIR, overridden by <c>NAME.json</c> beside <c>NAME.png</c>; a <c>mask_image</c> that names a file in DIR is
/// uploaded (and that file is not itself edited). All tasks are created first, then followed; a summary table ends it.
/// </summary>
public static class BatchCommand
{
    public const string FolderArgs = "args.json";
    static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".webp"];

    internal static Command Create()
    {
        var connection = new ApiConnectionOptions();
        var folder = new Argument<string>("DIR") { Description = "Folder of images, with args.json and/or NAME.json beside each image." };
        var output = new Option<string?>("--out") { Description = "Folder for the results (one subfolder per image). Default: DIR/inpainted." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each task.", DefaultValueFactory = _ => 600 };
        var command = new Command("batch", "Edit every image of a folder (args from args.json and NAME.json); print a summary table.");
        command.Arguments.Add(folder);
        command.Options.Add(output);
        command.Options.Add(timeout);
        connection.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var console = result.InvocationConfiguration.Output;
            bool json = result.GetValue(connection.Json);
            return await CommandFailure.ReportAsync("batch", result.InvocationConfiguration.Error, async () =>
            {
                string directory = Path.GetFullPath(result.GetValue(folder)!);
                if (!Directory.Exists(directory))
                {
                    throw new ApiClientException($"{directory} is not a folder.");
                }

                var jobs = Plan(directory);
                if (jobs.Count == 0)
                {
                    throw new UsageException($"{directory} holds no PNG, JPEG or WebP images.");
                }

                string outRoot = Path.GetFullPath(result.GetValue(output) ?? Path.Combine(directory, "inpainted"));
                var log = json ? TextWriter.Null : console;
                await using var api = await ApiConnection.OpenAsync(connection, result, cancellationToken);
                log.WriteLine($"{jobs.Count} image(s) from {directory} to the {api.Description}");

                var clock = Stopwatch.StartNew();
                foreach (var job in jobs)
                {
                    try
                    {
                        job.Args["image"] = await api.Client.UploadAsync(job.Image, cancellationToken);
                        if (job.MaskFile is not null)
                        {
                            job.Args["mask_image"] = await api.Client.UploadAsync(job.MaskFile, cancellationToken);
                        }

                        var created = await api.Client.CreateTaskAsync(DemoRun.Tool, job.Args, cancellationToken);
                        job.TaskId = CommandOutput.Text(created["_id"]);
                        job.Started = clock.Elapsed;
                        log.WriteLine($"  {job.Name}: task {job.TaskId}");
                    }
                    catch (ApiClientException ex)
                    {
                        job.Status = "refused";
                        job.Error = ex.Message;
                        log.WriteLine($"  {job.Name}: {ex.Message}");
                    }
                }

                foreach (var job in jobs.Where(j => j.TaskId is not null))
                {
                    var final = await api.Client.WaitForTaskAsync(job.TaskId!, null, TimeSpan.FromSeconds(result.GetValue(timeout)), cancellationToken);
                    job.Seconds = (clock.Elapsed - job.Started).TotalSeconds;
                    job.Status = CommandOutput.Text(final["status"]);
                    if (job.Status == "completed")
                    {
                        job.Files = await api.Client.DownloadResultsAsync(final, Path.Combine(outRoot, Path.GetFileNameWithoutExtension(job.Name)), cancellationToken);
                    }
                    else
                    {
                        job.Error = CommandOutput.Text(final["error"], "no error message");
                    }
                }

                if (json)
                {
                    CommandOutput.WriteJson(console, new JsonArray([.. jobs.Select(j => (JsonNode?)j.ToJson())]));
                }
                else
                {
                    console.WriteLine();
                    CommandOutput.WriteTable(console, ["IMAGE", "TASK", "STATUS", "SECONDS", "RESULT"], jobs.Select(j => new[]
                    {
                        j.Name,
                        j.TaskId ?? "-",
                        j.Status,
                        j.Seconds is { } s ? s.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : "-",
                        j.Error is not null ? CommandOutput.Cut(j.Error, 80) : j.Files.Count > 0 ? Path.GetDirectoryName(j.Files[0])! : "-",
                    }));
                    int completed = jobs.Count(j => j.Status == "completed");
                    console.WriteLine($"{completed} of {jobs.Count} completed in {clock.Elapsed.TotalSeconds:F1} s; results in {outRoot}");
                }

                return jobs.All(j => j.Status == "completed") ? ExitCodes.Ok : ExitCodes.TaskFailed;
            });
        });
        return command;
    }

    /// <summary>The images of <paramref name="directory"/> with their merged args; files used as masks are not edited.</summary>
    static List<BatchJob> Plan(string directory)
    {
        var folderArgs = ReadArgs(Path.Combine(directory, FolderArgs)) ?? [];
        var images = Directory.EnumerateFiles(directory)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .ToList();
        var jobs = new List<BatchJob>();
        foreach (string image in images)
        {
            var args = (JsonObject)folderArgs.DeepClone();
            if (ReadArgs(Path.ChangeExtension(image, ".json")) is { } own)
            {
                foreach (var (name, value) in own)
                {
                    args[name] = value?.DeepClone();
                }
            }

            string? maskFile = null;
            if (args["mask_image"] is JsonValue maskValue && maskValue.TryGetValue(out string? mask) && !mask.Contains(':', StringComparison.Ordinal))
            {
                maskFile = Path.GetFullPath(Path.Combine(directory, mask));
                args.Remove("mask_image");
            }

            jobs.Add(new BatchJob(Path.GetFileName(image), image, maskFile, args));
        }

        var masks = jobs.Select(j => j.MaskFile).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return jobs.Where(j => !masks.Contains(j.Image)).ToList();
    }

    static JsonObject? ReadArgs(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new UsageException($"{path} must hold a JSON object of task args.");
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{path} is not valid JSON: {ex.Message}");
        }
    }

    sealed class BatchJob(string name, string image, string? maskFile, JsonObject args)
    {
        public string Name { get; } = name;
        public string Image { get; } = image;
        public string? MaskFile { get; } = maskFile;
        public JsonObject Args { get; } = args;
        public string? TaskId { get; set; }
        public TimeSpan Started { get; set; }
        public double? Seconds { get; set; }
        public string Status { get; set; } = "pending";
        public string? Error { get; set; }
        public IReadOnlyList<string> Files { get; set; } = [];

        public JsonObject ToJson() => new()
        {
            ["image"] = this.Name,
            ["task"] = this.TaskId,
            ["status"] = this.Status,
            ["seconds"] = this.Seconds,
            ["error"] = this.Error,
            ["files"] = new JsonArray([.. this.Files.Select(f => (JsonNode?)f)]),
        };
    }
}
