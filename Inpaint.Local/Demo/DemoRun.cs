using System.Text.Json.Nodes;
using Inpaint.Local.Client;
using Inpaint.Local.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Inpaint.Local.Demo;

/// <summary>
/// The main job end to end: start the local stack, then as an ordinary HTTP client upload the photo and the
/// mask, create a <c>flux_inpainting</c> task, follow it to the end and download what it produced.
/// </summary>
public static class DemoRun
{
    public const string Tool = "flux_inpainting";

    public static async Task<IReadOnlyList<string>> RunAsync(LocalStackOptions stackOptions, DemoOptions demo, TextWriter console, CancellationToken cancellationToken)
    {
        foreach (string input in new[] { demo.Image, demo.Mask })
        {
            if (!File.Exists(input))
            {
                throw new ApiClientException($"{input} does not exist.");
            }
        }

        console.WriteLine("Starting the local stack (storage, Durable Task worker, HTTP API)...");
        await using var stack = await LocalStack.StartAsync(stackOptions, cancellationToken);
        console.WriteLine($"API at {stack.BaseAddress} ({StorageDescription(stack, stackOptions)})");

        // Ctrl+C stops the host; stop polling then too.
        var lifetime = stack.Services.GetRequiredService<IHostApplicationLifetime>();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        var token = stopping.Token;

        using var http = new HttpClient { BaseAddress = stack.BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        var client = new InpaintApiClient(http, stack.ApiKey ?? throw new ApiClientException("The local stack has no API key."));

        console.WriteLine($"Uploading {Relative(demo.Image)} and {Relative(demo.Mask)}");
        string image = await client.UploadAsync(demo.Image, token);
        string mask = await client.UploadAsync(demo.Mask, token);

        var task = await client.CreateTaskAsync(Tool, new JsonObject
        {
            ["image"] = image,
            ["mask_image"] = mask,
            ["inpainting_prompt"] = demo.Prompt,
        }, token);
        string id = task["_id"]?.GetValue<string>() ?? throw new ApiClientException("The created task has no _id.");
        console.WriteLine($"Task {id} created ({Tool}: \"{demo.Prompt}\")");

        var final = await client.WaitForTaskAsync(id, new TaskProgressLine(console), demo.Timeout, token);
        string status = final["status"]!.GetValue<string>();
        if (status != "completed")
        {
            throw new ApiClientException($"Task {id} {status}: {final["error"]?.ToString() ?? "no error message"}");
        }

        var files = await client.DownloadResultsAsync(final, demo.OutputDirectory, token);
        foreach (string line in Commands.EngineSummary.Lines(final))
        {
            console.WriteLine(line);
        }

        console.WriteLine($"Outputs in {demo.OutputDirectory}:");
        foreach (string file in files)
        {
            console.WriteLine($"  {file}");
        }

        return files;
    }

    static string StorageDescription(LocalStack stack, LocalStackOptions options)
        => stack.Azurite is null ? "configured storage account" : $"embedded Azurite, data in {Relative(options.DataDirectory)}";

    static string Relative(string path)
    {
        string relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
