using System.CommandLine;
using System.Text.Json.Nodes;
using Inpaint.Local.Hosting;

namespace Inpaint.Local.Commands;

/// <summary><c>inpaint task ID [--download DIR]</c>: one task's status, arguments and results.</summary>
static class TaskCommand
{
    public static Command Create()
    {
        var connection = new ApiConnectionOptions();
        var id = new Argument<string>("ID") { Description = "The task id." };
        var download = new Option<string?>("--download") { Description = "Also download a completed task's outputs into this folder." };
        var command = new Command("task", "Show one task: status, arguments, results.");
        command.Arguments.Add(id);
        command.Options.Add(download);
        connection.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var console = result.InvocationConfiguration.Output;
            return await CommandFailure.ReportAsync("task", result.InvocationConfiguration.Error, async () =>
            {
                await using var api = await ApiConnection.OpenAsync(connection, result, cancellationToken);
                var task = await api.Client.GetTaskAsync(result.GetValue(id)!, cancellationToken);
                string status = CommandOutput.Text(task["status"]);
                IReadOnlyList<string> files = [];
                if (result.GetValue(download) is { } folder && status == "completed")
                {
                    files = await api.Client.DownloadResultsAsync(task, Path.GetFullPath(folder), cancellationToken);
                }

                if (result.GetValue(connection.Json))
                {
                    CommandOutput.WriteJson(console, task);
                }
                else
                {
                    Describe(console, task);
                    foreach (string file in files)
                    {
                        console.WriteLine($"downloaded  {file}");
                    }
                }

                return status is "failed" or "cancelled" ? ExitCodes.TaskFailed : ExitCodes.Ok;
            });
        });
        return command;
    }

    static void Describe(TextWriter console, JsonObject task)
    {
        var args = task["args"] as JsonObject ?? [];
        string region = args["masking_prompt"] is { } text ? $"text \"{text}\""
            : args["use_rembg"]?.GetValue<bool>() == true ? (args["inpaint_foreground"]?.GetValue<bool>() == true ? "foreground" : "background")
            : "mask image";
        console.WriteLine($"task        {CommandOutput.Text(task["_id"])}");
        console.WriteLine($"status      {CommandOutput.Text(task["status"])}");
        console.WriteLine($"created     {CommandOutput.Text(task["createdAt"])}");
        console.WriteLine($"cost        {CommandOutput.Text(task["cost"])} credits");
        console.WriteLine($"region      {region}");
        console.WriteLine($"prompt      {CommandOutput.Text(args["inpainting_prompt"])}");
        console.WriteLine($"samples     {CommandOutput.Text(args["n_samples"])}");
        if (task["error"] is { } error)
        {
            console.WriteLine($"error       {CommandOutput.Text(error)}");
        }

        foreach (var sample in task["result"] as JsonArray ?? [])
        {
            foreach (var file in sample?["output"] as JsonArray ?? [])
            {
                console.WriteLine($"output      {CommandOutput.Text(file?["url"])}");
            }
        }
    }
}
