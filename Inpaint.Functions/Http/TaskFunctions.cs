using Inpaint.Shared.Api;
using Inpaint.Shared.Events;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Previews;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Tools;
using Inpaint.Shared.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Inpaint.Functions.Http;

/// <summary>The public HTTP API on Azure Functions: thin triggers over the same handlers as the local host.</summary>
public sealed class TaskFunctions(
    TaskCreator creator,
    TaskQueries queries,
    TaskCanceller canceller,
    TaskEventStream events,
    ToolCatalog tools,
    UploadService uploads,
    MaskPreviewService previews,
    ApiKeyAuthenticator auth,
    IOptions<LimitsOptions> limits)
{
    [Function("CreateTask")]
    public Task<IActionResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/tasks/create")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        ApiCall.RunAsync(request, async () =>
            await TasksApi.CreateAsync(request.HttpContext, creator, auth, durable, limits));

    [Function("GetTask")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/tasks/{id}")] HttpRequest request,
        string id) =>
        ApiCall.RunAsync(request, async () => await TasksApi.GetAsync(id, request.HttpContext, queries, auth));

    [Function("ListTasks")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/tasks")] HttpRequest request) =>
        ApiCall.RunAsync(request, async () => await TasksApi.ListAsync(request.HttpContext, queries, auth));

    [Function("TaskStatus")]
    public Task<IActionResult> StatusAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/tasks/{id}/status")] HttpRequest request,
        string id) =>
        ApiCall.RunAsync(request, async () => (await TasksApi.StatusAsync(id, request.HttpContext, queries, auth)).Result);

    [Function("CancelTask")]
    public Task<IActionResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/tasks/{id}/cancel")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient durable) =>
        ApiCall.RunAsync(request, async () => await TasksApi.CancelAsync(id, request.HttpContext, canceller, auth, durable));

    [Function("Upload")]
    public Task<IActionResult> UploadAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/uploads")] HttpRequest request) =>
        ApiCall.RunAsync(request, async () => await UploadsApi.UploadAsync(request.HttpContext, uploads, auth, limits));

    [Function("PreviewMask")]
    public Task<IActionResult> PreviewMaskAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/masks/preview")] HttpRequest request) =>
        ApiCall.RunAsync(request, async () => await MasksApi.PreviewAsync(request.HttpContext, previews, auth, limits));

    [Function("CancelTaskByBody")]
    public Task<IActionResult> CancelByBodyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/tasks/cancel")] HttpRequest request,
        [DurableClient] DurableTaskClient durable) =>
        ApiCall.RunAsync(request, async () => await EdenTasksApi.CancelAsync(request.HttpContext, canceller, auth, durable));

    [Function("TaskCost")]
    public Task<IActionResult> CostAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/tasks/cost")] HttpRequest request) =>
        ApiCall.RunAsync(request, async () => await EdenTasksApi.CostAsync(request.HttpContext, creator, auth, limits));

    /// <summary>Server-sent events, streamed through the ASP.NET Core integration (the response is written as it goes).</summary>
    [Function("TaskEvents")]
    public Task<IActionResult> EventsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/tasks/events")] HttpRequest request) =>
        ApiCall.RunAsync(request, async () =>
            await EdenTasksApi.EventsAsync(request.HttpContext, queries, events, auth, NullIfEmpty(request.Query["taskId"])));

    [Function("MediaUpload")]
    public Task<IActionResult> MediaUploadAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "media/upload")] HttpRequest request) =>
        ApiCall.RunAsync(request, async () => await MediaApi.UploadAsync(request.HttpContext, uploads, auth, limits));

    [Function("ListTools")]
    public Task<IActionResult> ListToolsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/tools")] HttpRequest request) =>
        ApiCall.RunAsync(request, () => Task.FromResult<IResult>(ToolsApi.List(tools)));

    [Function("GetTool")]
    public Task<IActionResult> GetToolAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/tools/{key}")] HttpRequest request,
        string key) =>
        ApiCall.RunAsync(request, () => Task.FromResult<IResult>(ToolsApi.Get(key, tools)));

    /// <summary>The OpenAPI document the local host serves at the same path (the committed docs/openapi.json).</summary>
    [Function("OpenApiDocument")]
    public IActionResult OpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest request) =>
        new FileStreamResult(typeof(TaskFunctions).Assembly.GetManifestResourceStream("openapi.json")!, "application/json");

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
