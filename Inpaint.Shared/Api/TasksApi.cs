using Inpaint.Shared.Contracts;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Api;

/// <summary><c>/v2/tasks</c>: create, read, list, poll and cancel tasks, scoped to the caller's API key.</summary>
public static class TasksApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>How long a client should wait before polling a running task again.</summary>
    public const int RetryAfterSeconds = 2;

    public static RouteGroupBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/tasks").AddEndpointFilter<ApiKeyFilter>().WithTags("Tasks");
        group.MapPost("/create", CreateAsync)
            .WithName("CreateTask")
            .WithSummary("Validate, price, charge and start an inpainting task (Idempotency-Key supported)")
            .WithBodyLimit(RequestBodyLimits.Json(app.ServiceProvider.GetRequiredService<IOptions<LimitsOptions>>().Value));
        group.MapGet("/", ListAsync)
            .WithName("ListTasks")
            .WithSummary("The caller's tasks, newest first: Eden's page numbers and filters (status, tool, taskId, type, output_type), or our cursor");
        group.MapGet("/{id}", GetAsync)
            .WithName("GetTask")
            .WithSummary("The caller's task with its status, result links and timings");
        group.MapGet("/{id}/status", StatusAsync)
            .WithName("TaskStatus")
            .WithSummary("Durable-style status query: 202 with Location and Retry-After while running, 200 when final");
        group.MapPost("/{id}/cancel", CancelAsync)
            .WithName("CancelTask")
            .WithSummary("Stop a pending or running task and refund it; refused once final");
        return group;
    }

    public static async Task<Ok<CreatedTaskEnvelope>> CreateAsync(
        HttpContext http, TaskCreator creator, ApiKeyAuthenticator auth, DurableTaskClient durable, IOptions<LimitsOptions> limits)
    {
        var user = await auth.RequireUserAsync(http);
        var request = await RequestBody.ReadJsonAsync<CreateTaskRequest>(http.Request, RequestBodyLimits.Json(limits.Value), http.RequestAborted);
        var key = http.Request.Headers[IdempotencyHeader].ToString();
        var task = await creator.CreateAsync(user, request, durable, string.IsNullOrEmpty(key) ? null : key, drop: null, http.RequestAborted);
        return TypedResults.Ok(new CreatedTaskEnvelope(task, Links(http.Request, task.Id)));
    }

    public static async Task<Ok<TaskEnvelope>> GetAsync(string id, HttpContext http, TaskQueries queries, ApiKeyAuthenticator auth)
    {
        var user = await auth.RequireUserAsync(http);
        return TypedResults.Ok(new TaskEnvelope(await queries.GetAsync(user, id, http.RequestAborted)));
    }

    /// <summary>
    /// Eden's page-number listing (<c>page</c>, <c>limit</c>, filters <c>status</c>, <c>tool</c>, <c>taskId</c>,
    /// <c>type</c>, <c>output_type</c>), or our <c>cursor</c> when one is given (<see cref="TaskPageQuery"/>).
    /// </summary>
    public static async Task<Ok<TaskListPage>> ListAsync(HttpContext http, TaskQueries queries, ApiKeyAuthenticator auth)
    {
        var user = await auth.RequireUserAsync(http);
        return TypedResults.Ok(await queries.ListAsync(user, TaskPageQuery.Parse(http.Request.Query), http.RequestAborted));
    }

    public static async Task<Results<Ok<TaskEnvelope>, Accepted<TaskEnvelope>>> StatusAsync(
        string id, HttpContext http, TaskQueries queries, ApiKeyAuthenticator auth)
    {
        var user = await auth.RequireUserAsync(http);
        var task = await queries.GetAsync(user, id, http.RequestAborted);
        if (TaskStatuses.IsFinal(task.Status)) return TypedResults.Ok(new TaskEnvelope(task));
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Accepted(Links(http.Request, task.Id).StatusQueryGetUri, new TaskEnvelope(task));
    }

    public static async Task<Ok<TaskEnvelope>> CancelAsync(
        string id, HttpContext http, TaskCanceller canceller, ApiKeyAuthenticator auth, DurableTaskClient durable)
    {
        var user = await auth.RequireUserAsync(http);
        return TypedResults.Ok(new TaskEnvelope(await canceller.CancelAsync(user, id, durable, http.RequestAborted)));
    }

    /// <summary>
    /// Links on the caller's own API (the same key works on them), never the task hub's system URLs, and never
    /// built from the request's Host header: <see cref="PublicAddress"/> says where the API is.
    /// </summary>
    public static TaskLinks Links(HttpRequest request, string taskId)
    {
        var address = request.HttpContext.RequestServices?.GetService<PublicAddress>();
        var root = $"v2/tasks/{Uri.EscapeDataString(taskId)}";
        string Link(string path) => address?.Link(request, path) ?? "/" + path;
        return new TaskLinks(Link($"{root}/status"), Link($"{root}/cancel"));
    }
}
