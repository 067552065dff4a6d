using Inpaint.Shared.Contracts;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Api;

/// <summary><c>/v2/tasks</c>: create and read tasks, scoped to the caller's API key.</summary>
public static class TasksApi
{
    public static RouteGroupBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/tasks").AddEndpointFilter<ApiKeyFilter>().WithTags("Tasks");
        group.MapPost("/create", CreateAsync)
            .WithName("CreateTask")
            .WithSummary("Validate, price and start an inpainting task");
        group.MapGet("/{id}", GetAsync)
            .WithName("GetTask")
            .WithSummary("The caller's task with its status, result links and timings");
        return group;
    }

    public static async Task<Ok<TaskEnvelope>> CreateAsync(
        HttpContext http, TaskService service, ApiKeyAuthenticator auth, DurableTaskClient durable, IOptions<LimitsOptions> limits)
    {
        var user = await auth.RequireUserAsync(http);
        var request = await RequestBody.ReadJsonAsync<CreateTaskRequest>(http.Request, limits.Value.MaxUploadBytes * 2, http.RequestAborted);
        var task = await service.CreateAsync(user, request, durable, http.RequestAborted);
        return TypedResults.Ok(new TaskEnvelope(task));
    }

    public static async Task<Ok<TaskEnvelope>> GetAsync(string id, HttpContext http, TaskService service, ApiKeyAuthenticator auth)
    {
        var user = await auth.RequireUserAsync(http);
        return TypedResults.Ok(new TaskEnvelope(await service.GetAsync(user, id, http.RequestAborted)));
    }
}
