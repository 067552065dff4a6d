using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Inputs;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Webhooks;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Orchestration.Activities;

/// <summary>
/// After a task is final: POSTs <c>{"task": …}</c> (as <c>GET /v2/tasks/{id}</c> returns it) to the task's
/// <c>webhook_url</c> through the URL guard, signed with <see cref="WebhookSignature"/>. A 5xx, 429, 408 or no
/// answer throws <see cref="WebhookDeliveryException"/> and the orchestration retries with backoff; another
/// answer, or an address the guard refuses, is final (<see cref="FetchRefusedException"/>). Each attempt signs
/// afresh with the current time. Returns the receiver's status code.
/// </summary>
public sealed class DeliverWebhookActivity(
    TaskStore tasks, TaskDocuments documents, UrlFetcher urls, IOptions<WebhookOptions> webhooks, IOptions<ResultsOptions> results)
    : TaskActivity<WebhookInput, int>
{
    public const string TaskHeader = "X-Inpaint-Task";

    /// <summary>The API's JSON (ASP.NET Core's web defaults), so the body equals what GET returns.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override async Task<int> RunAsync(TaskActivityContext context, WebhookInput input)
    {
        var secret = webhooks.Value.Secret;
        if (string.IsNullOrEmpty(secret))
            throw new FetchRefusedException("webhooks are off on this server (Webhooks:Secret is not set)");

        var row = await tasks.GetAsync(input.User, input.TaskId);
        var document = await documents.ToDocumentAsync(row, results.Value.LinkLifetime, CancellationToken.None);
        var body = JsonSerializer.SerializeToUtf8Bytes(new TaskEnvelope(document), Json);
        var signature = WebhookSignature.Create(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body);

        int status;
        try
        {
            status = await urls.PostAsync(new Uri(input.Url), body, "application/json",
                [new(WebhookSignature.HeaderName, signature), new(TaskHeader, input.TaskId)], CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            throw new WebhookDeliveryException($"webhook to {input.Url} failed: {e.Message}", e);
        }

        if (status is >= 200 and < 300) return status;
        if (status is 408 or 429 or >= 500)
            throw new WebhookDeliveryException($"webhook to {input.Url}: the receiver answered {status}");
        throw new FetchRefusedException($"webhook to {input.Url}: the receiver answered {status}; not retried");
    }
}
