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
using Inpaint.Shared.Webhooks;
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
    ImageFetcher fetcher,
    IServiceProvider services,
    IOptions<PricingOptions> pricing,
    IOptions<ResultsOptions> results,
    IOptions<WebhookOptions> webhooks,
    IOptions<Limits.LimitsOptions> limits)
{
    /// <summary>
    /// Validates, claims the idempotency key, writes the pending row, charges and schedules the orchestration
    /// with the task id as instance id. A refused request writes nothing and charges nothing; a repeat with the
    /// same key and body returns the first task.
    /// </summary>
    public async Task<TaskDocument> CreateAsync(
        string user, CreateTaskRequest? request, DurableTaskClient durable, CancellationToken cancellationToken, string? idempotencyKey = null, DropOrigin? drop = null)
    {
        var (tool, args) = Validate(request);

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

    /// <summary>
    /// The checks of a create that need no storage: the arguments, the engines the region needs, the webhook secret.
    /// Also what <c>POST /v2/tasks/cost</c> runs, so a price is only quoted for a task that create would accept.
    /// </summary>
    public (string Tool, InpaintArgs Args) Validate(CreateTaskRequest? request)
    {
        var (tool, args) = ArgsValidator.Validate(request);
        EnsureEnginesFor(args);
        if (args.WebhookUrl is not null && string.IsNullOrEmpty(webhooks.Value.Secret))
            throw new RequestValidationException("webhook_url", "webhook_url: this server has no webhook secret configured (Webhooks:Secret), so it sends no webhooks");
        return (tool, args);
    }

    /// <summary>What creating the task would charge: validated like a create; nothing is charged or stored.</summary>
    public int Quote(CreateTaskRequest? request) => pricing.Value.Price(Validate(request).Args.NSamples);

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
        if (args.MaskImage is not null)
            await EnsureMaskSelectsPixelsAsync(user, args.MaskImage, cancellationToken);

        // The row first: it is the record of what was accepted, and TaskReconciler drives any row that a crash
        // left behind (charged or not, started or not) to an end. Then the charge, then the orchestration.
        var price = pricing.Value.Price(args.NSamples);
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
                DropJson = drop is null ? null : JsonSerializer.Serialize(drop),
            };
            await tasks.AddAsync(row, cancellationToken);
        }
        else if (TaskStatuses.IsFinal(row.Status))
        {
            // A retry of a create that was interrupted and has since been ended (by the reconciler): report it.
            return await documents.ToDocumentAsync(row, results.Value.LinkLifetime, cancellationToken);
        }

        try
        {
            // Once the row exists the create is finished even if the caller goes away (no half-made task).
            await ledger.ChargeAsync(user, taskId, row.Cost, CancellationToken.None);
        }
        catch (InsufficientCreditsException)
        {
            // Refused: leave nothing behind, as if the request had never come.
            await tasks.DeleteAsync(user, taskId, CancellationToken.None);
            throw;
        }

        try
        {
            await TaskStarter.StartOnceAsync(row, durable, CancellationToken.None);
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
            await ledger.RefundAsync(user, taskId, row.Cost, "not scheduled", CancellationToken.None);
            throw;
        }

        return await documents.ToDocumentAsync(row, results.Value.LinkLifetime, cancellationToken);
    }

    public async Task<TaskDocument> GetAsync(string user, string taskId, CancellationToken cancellationToken)
    {
        var row = await tasks.GetAsync(user, CheckId(taskId), cancellationToken);
        return await documents.ToDocumentAsync(row, results.Value.LinkLifetime, cancellationToken);
    }

    /// <summary>
    /// The task with its <c>progress</c> (the orchestration's custom status) while it is pending or running; a final task,
    /// a missing client or an instance without status is returned as is. One status read (custom status comes only with inputs and outputs, which are small: blob names and numbers), no history.
    /// </summary>
    public static async Task<TaskDocument> WithProgressAsync(TaskDocument task, DurableTaskClient? durable, CancellationToken cancellationToken)
    {
        if (durable is null || TaskStatuses.IsFinal(task.Status)) return task;
        var instance = await durable.GetInstanceAsync(task.Id, getInputsAndOutputs: true, cancellationToken);
        if (instance?.SerializedCustomStatus is not { Length: > 0 } status) return task;
        try
        {
            return JsonSerializer.Deserialize<TaskProgressReport>(status) is { Step.Length: > 0 } progress ? task with { Progress = progress } : task;
        }
        catch (JsonException)
        {
            return task;
        }
    }

    /// <summary>
    /// Terminates the orchestration, marks the task cancelled and refunds the samples not delivered (those already in
    /// its result stay there).
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
            r.Error = TaskCharges.Samples(r).Length == 0
                ? "cancelled by the caller; the charge was refunded"
                : "cancelled by the caller; the samples delivered before the cancel are kept, the rest refunded";
            return cancelled = true;
        }, CancellationToken.None);
        if (!cancelled) throw new TaskFinalException(taskId, row.Status);

        DropOrigin? drop = null;
        try
        {
            // The blob-drop origin travels only in the orchestration's input: read it before the instance ends.
            var instance = await durable.GetInstanceAsync(taskId, getInputsAndOutputs: true, CancellationToken.None);
            drop = instance?.ReadInputAs<InpaintJob>()?.Drop;
            await durable.TerminateInstanceAsync(taskId, new TerminateInstanceOptions { Output = TaskStatuses.Cancelled }, CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException || e.GetType().Name == "RpcException")
        {
            // Already finished or never started: the row and the refund are what matter.
        }

        var requested = JsonSerializer.Deserialize<InpaintArgs>(row.ArgsJson)!.NSamples;
        var delivered = TaskCharges.Delivered(row);
        await ledger.RefundAsync(user, taskId, TaskCharges.Refund(row.Cost, requested, delivered), $"cancelled; {requested - delivered} of {requested} samples not delivered", CancellationToken.None);
        await NotifyCancelledAsync(new TaskEndedInput(taskId, user, drop, JsonSerializer.Deserialize<InpaintArgs>(row.ArgsJson)!.WebhookUrl), durable);
        return await documents.ToDocumentAsync(row, results.Value.LinkLifetime, cancellationToken);
    }

    /// <summary>
    /// A terminated orchestration notifies nobody, so the cancel starts the notifications (drop result.json,
    /// webhook) as their own small orchestration. Best effort: the cancel has already happened.
    /// </summary>
    private static async Task NotifyCancelledAsync(TaskEndedInput ended, DurableTaskClient durable)
    {
        if (!ended.HasListeners) return;
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(
                nameof(NotifyTaskEndedOrchestrator), ended,
                new StartOrchestrationOptions(InstanceId: NotifyTaskEndedOrchestrator.InstanceId(ended.TaskId)), CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException || e.GetType().Name == "RpcException")
        {
            // Already scheduled by an earlier cancel of the same task.
        }
    }

    private static string CheckId(string taskId) =>
        TaskIds.IsWellFormed(taskId) ? taskId : throw new TaskNotFoundException(taskId.Length > 64 ? taskId[..64] : taskId);

    private static void ValidateKey(string key)
    {
        if (key.Length is 0 or > 255)
            throw new RequestValidationException("Idempotency-Key", "the Idempotency-Key header must be 1 to 255 characters");
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

    /// <summary>
    /// A stored mask that selects nothing would be charged and then fail in the orchestration: refuse it now.
    /// (A mask given as a URL is fetched, and checked, by the orchestration only.)
    /// </summary>
    private async Task EnsureMaskSelectsPixelsAsync(string user, string mask, CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(mask);
        if (reference.Kind != ImageReferenceKind.Upload) return;
        var bytes = await fetcher.FetchAsync(reference, user, "mask_image", cancellationToken);
        using var image = Imaging.ImageDecoder.Decode(bytes, "mask_image", limits.Value.Image);
        if (!Imaging.MaskReader.FromImage(image, image.Width, image.Height).Any())
            throw new Imaging.InvalidImageException("mask_image", Imaging.MaskReader.SelectsNothing);
    }

    /// <summary>Inline data becomes an upload, so rows and orchestration payloads carry a short reference.</summary>
    private async Task<string> StoreInlineAsync(string user, string value, string field, CancellationToken cancellationToken)
    {
        var reference = uploads.Links.Resolve(user, ImageReference.Parse(value), field);
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
