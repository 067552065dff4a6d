using System.Security.Cryptography;
using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Idempotency;
using Inpaint.Shared.Inputs;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Pricing;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Uploads;
using Inpaint.Shared.Validation;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Tasks;

/// <summary>
/// Creating, reading, listing and cancelling tasks: the logic behind the HTTP API, shared by the local host
/// and Azure Functions. The Durable client is passed in because Functions binds it per call.
/// </summary>
public sealed class TaskService(
    TaskStore tasks,
    TaskDocuments documents,
    UploadService uploads,
    CreditLedger ledger,
    IdempotencyStore idempotency,
    IServiceProvider services,
    IOptions<PricingOptions> pricing,
    IOptions<ResultsOptions> results)
{
    public const int MaxListLimit = 100;

    /// <summary>
    /// Validates, claims the idempotency key, charges, writes the pending row and schedules the orchestration
    /// with the task id as instance id. A refused request writes nothing and charges nothing; a repeat with the
    /// same key and body returns the first task.
    /// </summary>
    public async Task<TaskDocument> CreateAsync(
        string user, CreateTaskRequest? request, DurableTaskClient durable, CancellationToken cancellationToken, string? idempotencyKey = null, DropOrigin? drop = null)
    {
        var (tool, args) = ArgsValidator.Validate(request);
        EnsureEnginesFor(args);

        var now = DateTimeOffset.UtcNow;
        var taskId = TaskIds.New(now);
        if (idempotencyKey is not null)
        {
            ValidateKey(idempotencyKey);
            var claim = await idempotency.ClaimAsync(user, idempotencyKey, IdempotencyStore.HashRequest(JsonSerializer.Serialize(request)), taskId, cancellationToken);
            if (!claim.IsNew) return await GetAsync(user, claim.TaskId, cancellationToken);
            taskId = claim.TaskId;
        }

        try
        {
            var document = await CreateClaimedAsync(user, taskId, tool, args, now, durable, drop, cancellationToken);
            if (idempotencyKey is not null) await idempotency.CompleteAsync(user, idempotencyKey, CancellationToken.None);
            return document;
        }
        catch (Exception e) when (idempotencyKey is not null && e is RequestValidationException or Imaging.InvalidImageException or InsufficientCreditsException)
        {
            // Refused before anything was kept: the same key may be used again with a corrected request.
            await idempotency.ReleaseAsync(user, idempotencyKey, CancellationToken.None);
            throw;
        }
    }

    private async Task<TaskDocument> CreateClaimedAsync(
        string user, string taskId, string tool, InpaintArgs args, DateTimeOffset now, DurableTaskClient durable, DropOrigin? drop, CancellationToken cancellationToken)
    {
        args = args with
        {
            Image = await StoreInlineAsync(user, args.Image, "image", cancellationToken),
            MaskImage = args.Region == RegionSource.MaskImage
                ? await StoreInlineAsync(user, args.MaskImage!, "mask_image", cancellationToken)
                : null,
        };

        var price = pricing.Value.Price(args.NSamples);
        await ledger.ChargeAsync(user, taskId, price, cancellationToken);

        var row = await tasks.FindAsync(user, taskId, cancellationToken);
        if (row is null)
        {
            var seed = args.Seed ?? RandomNumberGenerator.GetInt32(int.MaxValue);
            row = new TaskEntity
            {
                PartitionKey = user,
                RowKey = taskId,
                Tool = tool,
                Requester = user,
                HandlerId = results.Value.HandlerId,
                ArgsJson = JsonSerializer.Serialize(args),
                Status = TaskStatuses.Pending,
                Cost = price,
                Seed = seed,
                CreatedAt = now,
                UpdatedAt = now,
            };
            try
            {
                await tasks.AddAsync(row, CancellationToken.None);
            }
            catch
            {
                await ledger.RefundAsync(user, taskId, price, "the task could not be stored", CancellationToken.None);
                throw;
            }
        }

        try
        {
            if (await durable.GetInstanceAsync(taskId, CancellationToken.None) is null)
            {
                await durable.ScheduleNewOrchestrationInstanceAsync(
                    nameof(InpaintOrchestrator),
                    new InpaintJob(taskId, user, JsonSerializer.Deserialize<InpaintArgs>(row.ArgsJson)!, row.Seed, row.CreatedAt, drop),
                    new StartOrchestrationOptions(InstanceId: taskId),
                    CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The row exists but no orchestration will run it: fail it and give the credits back.
            await tasks.UpdateAsync(user, taskId, r =>
            {
                if (TaskStatuses.IsFinal(r.Status)) return false;
                r.Status = TaskStatuses.Failed;
                r.Error = "the task could not be scheduled; the charge was refunded";
                return true;
            }, CancellationToken.None);
            await ledger.RefundAsync(user, taskId, price, "not scheduled", CancellationToken.None);
            throw;
        }

        return await documents.ToDocumentAsync(row, results.Value.LinkLifetime, cancellationToken);
    }

    public async Task<TaskDocument> GetAsync(string user, string taskId, CancellationToken cancellationToken)
    {
        var row = await tasks.GetAsync(user, CheckId(taskId), cancellationToken);
        return await documents.ToDocumentAsync(row, results.Value.LinkLifetime, cancellationToken);
    }

    public async Task<TaskListPage> ListAsync(string user, string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (status is not null && status is not (TaskStatuses.Pending or TaskStatuses.Running or TaskStatuses.Completed or TaskStatuses.Failed or TaskStatuses.Cancelled))
            throw new RequestValidationException("status", "status must be one of pending, running, completed, failed, cancelled");
        if (limit is < 1 or > MaxListLimit)
            throw new RequestValidationException("limit", $"limit must be between 1 and {MaxListLimit}");
        var (rows, next) = await tasks.ListAsync(user, status, limit ?? 20, DecodeCursor(cursor), cancellationToken);
        var documentsPage = new List<TaskDocument>(rows.Count);
        foreach (var row in rows)
            documentsPage.Add(await documents.ToDocumentAsync(row, results.Value.LinkLifetime, cancellationToken));
        return new TaskListPage(documentsPage, EncodeCursor(next));
    }

    /// <summary>
    /// Terminates the orchestration, marks the task cancelled and refunds it in full (nothing was delivered).
    /// Refused once the task is final.
    /// </summary>
    public async Task<TaskDocument> CancelAsync(string user, string taskId, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var row = await tasks.GetAsync(user, CheckId(taskId), cancellationToken);
        if (TaskStatuses.IsFinal(row.Status)) throw new TaskFinalException(taskId, row.Status);

        var cancelled = false;
        row = await tasks.UpdateAsync(user, taskId, r =>
        {
            if (TaskStatuses.IsFinal(r.Status)) return false;
            r.Status = TaskStatuses.Cancelled;
            r.Error = "cancelled by the caller; the charge was refunded";
            r.ResultJson = null;
            return cancelled = true;
        }, CancellationToken.None);
        if (!cancelled) throw new TaskFinalException(taskId, row.Status);

        try
        {
            await durable.TerminateInstanceAsync(taskId, new TerminateInstanceOptions { Output = TaskStatuses.Cancelled }, CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException || e.GetType().Name == "RpcException")
        {
            // Already finished or never started: the row and the refund are what matter.
        }

        await ledger.RefundAsync(user, taskId, row.Cost, "cancelled", CancellationToken.None);
        return await documents.ToDocumentAsync(row, results.Value.LinkLifetime, cancellationToken);
    }

    private static string CheckId(string taskId) =>
        TaskIds.IsWellFormed(taskId) ? taskId : throw new TaskNotFoundException(taskId.Length > 64 ? taskId[..64] : taskId);

    private static void ValidateKey(string key)
    {
        if (key.Length is 0 or > 255)
            throw new RequestValidationException("Idempotency-Key", "the Idempotency-Key header must be 1 to 255 characters");
    }

    private static string? EncodeCursor(string? continuation) =>
        continuation is null ? null : Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(continuation)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? DecodeCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(b64));
        }
        catch (FormatException)
        {
            throw new RequestValidationException("cursor", "cursor is not one this API returned");
        }
    }

    /// <summary>A request whose region needs a model this server lacks is refused now, not failed later.</summary>
    private void EnsureEnginesFor(InpaintArgs args)
    {
        if (args.Region == RegionSource.MaskImage) return;
        var field = args.Region == RegionSource.Prompt ? "masking_prompt" : "use_rembg";
        if (services.GetService<IRegionEngine>() is null)
        {
            var model = args.Region == RegionSource.Prompt ? "a text segmentation model" : "a salient-object model";
            throw new RequestValidationException(field, $"{field} needs {model}, and this server runs no region engine; send mask_image instead");
        }

        if (services.GetService<IRegionAvailability>()?.Missing(args.Region) is { } missing)
            throw new RequestValidationException(field, $"{field}: {missing}; or send mask_image instead");
    }

    /// <summary>Inline data becomes an upload, so rows and orchestration payloads carry a short reference.</summary>
    private async Task<string> StoreInlineAsync(string user, string value, string field, CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(value);
        switch (reference.Kind)
        {
            case ImageReferenceKind.DataUri:
                var receipt = await uploads.StoreAsync(user, DataUri.Decode(reference.Value, field), field, cancellationToken);
                return receipt.Reference;
            case ImageReferenceKind.Upload when !await uploads.ExistsAsync(user, reference, cancellationToken):
                throw new RequestValidationException(field, $"{field}: upload '{reference.UploadId}' was not found");
            default:
                return reference.ToString();
        }
    }
}
