using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Inpaint.Local.Client;

/// <summary>
/// A plain HTTP client of the public API (<c>/v2/uploads</c>, <c>/v2/tasks</c>), reading JSON as any
/// client would, so the demo and the end-to-end tests exercise the wire format rather than shared types.
/// Every failure becomes a <see cref="ApiClientException"/> with a one-line message (the problem's detail).
/// </summary>
public sealed class InpaintApiClient(HttpClient http, string apiKey)
{
    static readonly string[] FinalStatuses = ["completed", "failed", "cancelled"];

    /// <summary>Uploads a PNG, JPEG or WebP file and returns the reference usable as <c>image</c> or <c>mask_image</c>.</summary>
    public async Task<string> UploadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new ApiClientException($"{path} does not exist.");
        }

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(path, cancellationToken));
        file.Headers.ContentType = new MediaTypeHeaderValue(MediaTypeOf(path));
        form.Add(file, "file", Path.GetFileName(path));
        var receipt = await this.SendAsync(HttpMethod.Post, "v2/uploads", form, cancellationToken);
        return receipt["reference"]?.GetValue<string>() ?? throw new ApiClientException($"The upload of {path} answered without a reference.");
    }

    /// <summary>Creates a task and returns the whole task object the API answered with.</summary>
    public async Task<JsonObject> CreateTaskAsync(string tool, JsonObject args, CancellationToken cancellationToken)
    {
        var body = JsonContent.Create(new JsonObject { ["tool"] = tool, ["args"] = args });
        return TaskOf(await this.SendAsync(HttpMethod.Post, "v2/tasks/create", body, cancellationToken));
    }

    public async Task<JsonObject> GetTaskAsync(string id, CancellationToken cancellationToken)
        => TaskOf(await this.SendAsync(HttpMethod.Get, $"v2/tasks/{Uri.EscapeDataString(id)}", null, cancellationToken));

    /// <summary>The caller's tasks, newest first (<c>GET /v2/tasks</c>): Eden's page object (<c>docs</c>, <c>total</c>, <c>page</c>, …) with our <c>nextCursor</c>.</summary>
    public Task<JsonObject> ListTasksAsync(string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(status)) query.Add($"status={Uri.EscapeDataString(status)}");
        if (limit is { } l) query.Add($"limit={l}");
        if (!string.IsNullOrEmpty(cursor)) query.Add($"cursor={Uri.EscapeDataString(cursor)}");
        return this.SendAsync(HttpMethod.Get, query.Count == 0 ? "v2/tasks" : "v2/tasks?" + string.Join('&', query), null, cancellationToken);
    }

    /// <summary>Cancels a pending or running task and returns it (a final task answers 409).</summary>
    public async Task<JsonObject> CancelTaskAsync(string id, CancellationToken cancellationToken)
        => TaskOf(await this.SendAsync(HttpMethod.Post, $"v2/tasks/{Uri.EscapeDataString(id)}/cancel", null, cancellationToken));

    /// <summary>The free mask preview (<c>POST /v2/masks/preview</c>) for these task arguments.</summary>
    public Task<JsonObject> PreviewMaskAsync(string tool, JsonObject args, CancellationToken cancellationToken)
        => this.SendAsync(HttpMethod.Post, "v2/masks/preview", JsonContent.Create(new JsonObject { ["tool"] = tool, ["args"] = args }), cancellationToken);

    /// <summary>Polls the task until it is final, reporting each change of status or step; returns the final task.</summary>
    public async Task<JsonObject> WaitForTaskAsync(string id, IProgress<TaskProgress>? progress, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var task = await this.GetTaskAsync(id, cancellationToken);
            string status = task["status"]?.GetValue<string>() ?? "unknown";
            progress?.Report(new TaskProgress(status, StepOf(task), clock.Elapsed));
            if (FinalStatuses.Contains(status))
            {
                return task;
            }

            if (clock.Elapsed > timeout)
            {
                throw new ApiClientException($"Task {id} is still {status} after {timeout.TotalSeconds:F0} s.");
            }

            await Task.Delay(interval, cancellationToken);
            interval = TimeSpan.FromMilliseconds(Math.Min(500, interval.TotalMilliseconds * 1.5));
        }
    }

    /// <summary>
    /// Downloads every output of a completed task (and each sample's mask and preview) into
    /// <paramref name="directory"/> and returns the paths written, outputs first.
    /// </summary>
    public async Task<IReadOnlyList<string>> DownloadResultsAsync(JsonObject task, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var outputs = new List<string>();
        var intermediates = new List<string>();
        var samples = task["result"] as JsonArray ?? throw new ApiClientException($"Task {task["_id"]} has no result.");
        for (int i = 0; i < samples.Count; i++)
        {
            var sample = samples[i]!;
            foreach (var file in sample["output"] as JsonArray ?? [])
            {
                string url = file!["url"]!.GetValue<string>();
                string name = SafeFileName(file["filename"]?.GetValue<string>(), $"output-{i}.png");
                outputs.Add(await this.DownloadAsync(url, Path.Combine(directory, name), cancellationToken));
            }

            if (sample["intermediate_outputs"] is JsonObject extra)
            {
                // Eden's shape: each kind (inpaint_preview, inpaint_mask) is a list of media outputs {url, filename, mediaAttributes},
                // one per crop (a region in parts far apart has a crop per part): the first is {kind}-{i}.png, part k {kind}-{i}-{k}.png.
                foreach (var (kind, files) in extra)
                {
                    int part = 0;
                    foreach (var file in files as JsonArray ?? [])
                    {
                        if (file?["url"] is JsonValue link && link.GetValueKind() == JsonValueKind.String)
                        {
                            string name = part == 0 ? $"{kind}-{i}.png" : $"{kind}-{i}-{part}.png";
                            intermediates.Add(await this.DownloadAsync(link.GetValue<string>(), Path.Combine(directory, name), cancellationToken));
                            part++;
                        }
                    }
                }
            }
        }

        if (outputs.Count == 0)
        {
            throw new ApiClientException($"Task {task["_id"]} completed without outputs.");
        }

        return [.. outputs, .. intermediates];
    }

    async Task<string> DownloadAsync(string url, string path, CancellationToken cancellationToken)
    {
        // Result links are absolute, pre-signed and need no API key.
        using var response = await http.GetAsync(new Uri(http.BaseAddress!, url), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ApiClientException($"Downloading {Path.GetFileName(path)} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        await using var file = File.Create(path);
        await response.Content.CopyToAsync(file, cancellationToken);
        return path;
    }

    async Task<JsonObject> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Api-Key", apiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ApiRequestException(response.StatusCode, $"{method} /{path} answered {(int)response.StatusCode}: {ProblemSummary(text, response.StatusCode)}");
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new ApiClientException($"{method} /{path} answered something other than a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new ApiClientException($"{method} /{path} answered invalid JSON.", ex);
        }
    }

    /// <summary>The detail of an RFC 7807 problem (and the fields it names), else the start of the body.</summary>
    static string ProblemSummary(string body, HttpStatusCode status)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject problem)
            {
                string summary = problem["detail"]?.GetValue<string>() ?? problem["title"]?.GetValue<string>() ?? status.ToString();
                if (problem["errors"] is JsonObject errors)
                {
                    summary += " (" + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", (e.Value as JsonArray ?? []).Select(m => m?.ToString()))}")) + ")";
                }

                return summary;
            }
        }
        catch (JsonException)
        {
        }

        return body.Length == 0 ? status.ToString() : body[..Math.Min(body.Length, 200)];
    }

    static JsonObject TaskOf(JsonObject envelope)
        => envelope["task"] as JsonObject ?? throw new ApiClientException("The API answered without a task object.");

    /// <summary>The step in progress, when the task document carries one (<c>progress.step</c>).</summary>
    static string? StepOf(JsonObject task) => task["progress"] switch
    {
        JsonObject progress when progress["step"]?.GetValueKind() == JsonValueKind.String => progress["step"]!.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => null,
    };

    static string SafeFileName(string? name, string fallback)
    {
        string candidate = Path.GetFileName(name ?? "");
        return candidate.Length == 0 || candidate.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 ? fallback : candidate;
    }

    static string MediaTypeOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".webp" => "image/webp",
        _ => "image/png",
    };
}
