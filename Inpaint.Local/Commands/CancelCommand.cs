using System.CommandLine;
using Inpaint.Local.Hosting;

namespace Inpaint.Local.Commands;

/// <summary><c>inpaint cancel ID</c>: stop a pending or running task (refunded); a final task is refused (exit 4).</summary>
static class CancelCommand
{
    public static Command Create()
    {
        var connection = new ApiConnectionOptions();
        var id = new Argument<string>("ID") { Description = "The task id." };
        var command = new Command("cancel", "Cancel a pending or running task; its cost is refunded.");
        command.Arguments.Add(id);
        connection.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var console = result.InvocationConfiguration.Output;
            return await CommandFailure.ReportAsync("cancel", result.InvocationConfiguration.Error, async () =>
            {
                await using var api = await ApiConnection.OpenAsync(connection, result, cancellationToken);
                var task = await api.Client.CancelTaskAsync(result.GetValue(id)!, cancellationToken);
                if (result.GetValue(connection.Json))
                {
                    CommandOutput.WriteJson(console, task);
                }
                else
                {
                    console.WriteLine($"Task {CommandOutput.Text(task["_id"])} {CommandOutput.Text(task["status"])}.");
                }

                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
