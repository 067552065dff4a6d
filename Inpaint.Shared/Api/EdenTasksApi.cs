using System.Net.ServerSentEvents;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Events;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Api;

/// <summary>
/// Eden's task routes beside ours (what <c>@edenlabs/eden-sdk</c> calls): cancel by body, the price of a task, and the
/// task events stream. Same key, same scoping, same problems as the rest of <c>/v2/tasks</c>.
/// </summary>
public static class EdenTasksApi
{
    public static RouteGroupBuilder MapEdenTasksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/tasks").AddEndpointFilter<ApiKeyFilter>().WithTags("Tasks");
        group.MapPost("/cancel", CancelAsync)
            .WithName("CancelTaskByBody")
            .WithSummary("Eden's cancel: {taskId} in the body; delivered samples are kept, the rest refunded; answers {taskStatus}")
            .Accepts<TaskIdRequest>("application/json");
        group.MapPost("/cost", CostAsync)
            .WithName("TaskCost")
            .WithSummary("The price of a task, validated like create; nothing is charged or stored")
            .Accepts<CreateTaskRequest>("application/json")
            .WithBodyLimit(RequestBodyLimits.Json(app.ServiceProvider.GetRequiredService<IOptions<LimitsOptions>>().Value));
        group.MapGet("/events", EventsAsync)
            .WithName("TaskEvents")
            .WithSummary("Server-sent task-update events (status, progress, delivered samples) and heartbeats; with taskId the stream ends when the client closes it after the task's final event (at most 30 s later)");
        return group;
    }

    public static async Task<Ok<TaskCancelReceipt>> CancelAsync(
        HttpContext http, TaskCanceller canceller, ApiKeyAuthenticator auth, DurableTaskClient durable)
    {
        var user = await auth.RequireUserAsync(http);
        var request = await RequestBody.ReadJsonAsync<TaskIdRequest>(http.Request, RequestBodyLimits.Bodiless, http.RequestAborted);
        if (string.IsNullOrEmpty(request?.TaskId))
            throw new RequestValidationException("taskId", "taskId is required: the _id of the task to cancel");
        var task = await canceller.CancelAsync(user, request.TaskId, durable, http.RequestAborted);
        return TypedResults.Ok(new TaskCancelReceipt(task.Status));
    }

    public static async Task<Ok<TaskCostQuote>> CostAsync(
        HttpContext http, TaskCreator creator, ApiKeyAuthenticator auth, IOptions<LimitsOptions> limits)
    {
        await auth.RequireUserAsync(http);
        var request = await RequestBody.ReadJsonAsync<CreateTaskRequest>(http.Request, RequestBodyLimits.Json(limits.Value), http.RequestAborted);
        return TypedResults.Ok(new TaskCostQuote(creator.Quote(request)));
    }

    /// <summary>
    /// An unknown or another user's <paramref name="taskId"/> is a 404 before the stream starts; after that, the stream
    /// runs until the task's final event (or, without a task id, until the caller leaves).
    /// </summary>
    public static async Task<ServerSentEventsResult<TaskUpdateEvent?>> EventsAsync(
        HttpContext http, TaskQueries queries, TaskEventStream stream, ApiKeyAuthenticator auth, string? taskId = null)
    {
        var user = await auth.RequireUserAsync(http);
        if (!string.IsNullOrEmpty(taskId)) await queries.GetAsync(user, taskId, http.RequestAborted);
        http.Response.Headers.CacheControl = "no-cache";
        return TypedResults.ServerSentEvents(stream.WatchAsync(user, string.IsNullOrEmpty(taskId) ? null : taskId, http.RequestAborted));
    }
}
