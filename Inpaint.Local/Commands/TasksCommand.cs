using System.CommandLine;
using System.Text.Json.Nodes;
using Inpaint.Local.Hosting;

namespace Inpaint.Local.Commands;

/// <summary><c>inpaint tasks [--status S] [--limit N] [--cursor C]</c>: the caller's recent tasks, newest first.</summary>
static class TasksCommand
{
    public static Command Create()
    {
        var connection = new ApiConnectionOptions();
        var status = new Option<string?>("--status") { Description = "Only tasks with this status (pending, running, completed, failed, cancelled)." };
        var limit = new Option<int>("--limit") { Description = "How many (1–100).", DefaultValueFactory = _ => 20 };
        var cursor = new Option<string?>("--cursor") { Description = "The next page, from a previous answer's nextCursor." };
        var command = new Command("tasks", "List your recent tasks, newest first.");
        command.Options.Add(status);
        command.Options.Add(limit);
        command.Options.Add(cursor);
        connection.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var console = result.InvocationConfiguration.Output;
            return await CommandFailure.ReportAsync("tasks", result.InvocationConfiguration.Error, async () =>
            {
                await using var api = await ApiConnection.OpenAsync(connection, result, cancellationToken);
                var page = await api.Client.ListTasksAsync(result.GetValue(status), result.GetValue(limit), result.GetValue(cursor), cancellationToken);
                if (result.GetValue(connection.Json))
                {
                    CommandOutput.WriteJson(console, page);
                    return ExitCodes.Ok;
                }

                var tasks = (page["docs"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                if (tasks.Count == 0)
                {
                    console.WriteLine("No tasks.");
                    return ExitCodes.Ok;
                }

                CommandOutput.WriteTable(console, ["TASK", "CREATED", "STATUS", "COST", "PROMPT"], tasks.Select(t => new[]
                {
                    CommandOutput.Text(t["_id"]),
                    CommandOutput.Text(t["createdAt"]),
                    CommandOutput.Text(t["status"]),
                    CommandOutput.Text(t["cost"]),
                    CommandOutput.Cut(CommandOutput.Text(t["args"]?["inpainting_prompt"]), 40),
                }));
                if (page["nextCursor"] is JsonValue next)
                {
                    console.WriteLine($"More: inpaint tasks --cursor {next}");
                }

                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
