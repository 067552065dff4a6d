using System.CommandLine;
using System.Text.Json.Nodes;
using Inpaint.Local.Client;
using Inpaint.Local.Demo;
using Inpaint.Local.Hosting;

namespace Inpaint.Local.Commands;

/// <summary>
/// <c>inpaint replace PHOTO --region "hat" --prompt "a sombrero" [--mask m.png] [--background|--foreground] [-n 4] [--seed S] [--out DIR]</c>:
/// upload the photo (and mask), create one task, follow it with a progress display, download the outputs.
/// </summary>
static class ReplaceCommand
{
    public static Command Create()
    {
        var connection = new ApiConnectionOptions();
        var photo = new Argument<string>("PHOTO") { Description = "The photo to edit (PNG, JPEG or WebP)." };
        var region = new Option<string?>("--region") { Description = "What to replace, in words (comma-separated phrases): a text segmentation model selects it." };
        var mask = new Option<string?>("--mask") { Description = "A mask image instead: white (or opaque) where pixels are replaced." };
        var background = new Option<bool>("--background") { Description = "Replace the background (a salient-object model finds the foreground)." };
        var foreground = new Option<bool>("--foreground") { Description = "Replace the foreground." };
        var prompt = new Option<string>("--prompt") { Description = "What to put there (empty: remove and fill from the surroundings).", DefaultValueFactory = _ => "" };
        var samples = new Option<int>("-n", "--samples") { Description = "How many results (1–4), seeds S, S+1, …", DefaultValueFactory = _ => 1 };
        var seed = new Option<long?>("--seed") { Description = "Seed of the first sample (default: random)." };
        var expand = new Option<int?>("--expand") { Description = "Grow the mask by this many working pixels (0–64, default 12)." };
        var blur = new Option<double?>("--blur") { Description = "Feather σ in working pixels (0–160, default 24)." };
        var resolution = new Option<int?>("--resolution") { Description = "Long side of the generated crop (512–1536, multiple of 16; default 1024)." };
        var creativity = new Option<double?>("--creativity") { Description = "0–1.1, default 0.85: higher keeps the result consistent with the scene." };
        var format = new Option<string?>("--format") { Description = "png (default), jpeg or webp." };
        var output = new Option<string?>("--out") { Description = "Folder for the results. Default: ./out/<task id>." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the task.", DefaultValueFactory = _ => 600 };

        var command = new Command("replace", "Replace part of a photo: choose the region (--region, --mask, --background or --foreground), say what goes there (--prompt), get the results.");
        command.Arguments.Add(photo);
        foreach (Option option in new Option[] { region, mask, background, foreground, prompt, samples, seed, expand, blur, resolution, creativity, format, output, timeout })
        {
            command.Options.Add(option);
        }

        connection.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var console = result.InvocationConfiguration.Output;
            bool json = result.GetValue(connection.Json);
            return await CommandFailure.ReportAsync("replace", result.InvocationConfiguration.Error, async () =>
            {
                string photoPath = Path.GetFullPath(result.GetValue(photo)!);
                string? maskPath = result.GetValue(mask) is { } m ? Path.GetFullPath(m) : null;
                var args = new JsonObject();
                int chosen = 0;
                if (result.GetValue(region) is { Length: > 0 } text)
                {
                    args["masking_prompt"] = text;
                    chosen++;
                }

                if (maskPath is not null)
                {
                    chosen++;
                }

                if (result.GetValue(background) || result.GetValue(foreground))
                {
                    if (result.GetValue(background) && result.GetValue(foreground))
                    {
                        throw new UsageException("choose --background or --foreground, not both.");
                    }

                    args["use_rembg"] = true;
                    args["inpaint_foreground"] = result.GetValue(foreground);
                    chosen++;
                }

                if (chosen != 1)
                {
                    throw new UsageException("choose the region with exactly one of --region TEXT, --mask FILE, --background or --foreground.");
                }

                foreach (string input in maskPath is null ? [photoPath] : new[] { photoPath, maskPath })
                {
                    if (!File.Exists(input))
                    {
                        throw new ApiClientException($"{input} does not exist.");
                    }
                }

                args["inpainting_prompt"] = result.GetValue(prompt);
                args["n_samples"] = result.GetValue(samples);
                if (result.GetValue(seed) is { } s) args["seed"] = s;
                if (result.GetValue(expand) is { } e) args["mask_expand"] = e;
                if (result.GetValue(blur) is { } b) args["mask_blur"] = b;
                if (result.GetValue(resolution) is { } r) args["resolution"] = r;
                if (result.GetValue(creativity) is { } c) args["creativity"] = c;
                if (result.GetValue(format) is { } f) args["output_format"] = f;

                await using var api = await ApiConnection.OpenAsync(connection, result, cancellationToken);
                var log = json ? TextWriter.Null : console;
                log.WriteLine($"Uploading {Path.GetFileName(photoPath)} to the {api.Description}");
                args["image"] = await api.Client.UploadAsync(photoPath, cancellationToken);
                if (maskPath is not null)
                {
                    args["mask_image"] = await api.Client.UploadAsync(maskPath, cancellationToken);
                }

                var created = await api.Client.CreateTaskAsync(DemoRun.Tool, args, cancellationToken);
                string id = CommandOutput.Text(created["_id"]);
                log.WriteLine($"Task {id} created (cost {CommandOutput.Text(created["cost"])} credits)");
                var final = await api.Client.WaitForTaskAsync(id, json ? null : new TaskProgressLine(console), TimeSpan.FromSeconds(result.GetValue(timeout)), cancellationToken);
                string status = CommandOutput.Text(final["status"]);
                IReadOnlyList<string> files = [];
                if (status == "completed")
                {
                    string directory = Path.GetFullPath(result.GetValue(output) ?? Path.Combine("out", id));
                    files = await api.Client.DownloadResultsAsync(final, directory, cancellationToken);
                    foreach (string line in EngineSummary.Lines(final))
                    {
                        log.WriteLine(line);
                    }

                    log.WriteLine($"Outputs in {directory}:");
                    foreach (string file in files)
                    {
                        log.WriteLine($"  {file}");
                    }
                }
                else
                {
                    result.InvocationConfiguration.Error.WriteLine($"inpaint replace: task {id} {status}: {CommandOutput.Text(final["error"], "no error message")}");
                }

                if (json)
                {
                    CommandOutput.WriteJson(console, new JsonObject { ["task"] = final.DeepClone(), ["files"] = new JsonArray([.. files.Select(f => (JsonNode?)f)]) });
                }

                return status == "completed" ? ExitCodes.Ok : ExitCodes.TaskFailed;
            });
        });
        return command;
    }
}
