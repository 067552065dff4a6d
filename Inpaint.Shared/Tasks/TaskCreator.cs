using System.Security.Cryptography;
using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Idempotency;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Inputs;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Pricing;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Uploads;
using Inpaint.Shared.Validation;
using Inpaint.Shared.Webhooks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Tasks;

/// <summary>
/// Creating a task, for both hosts' <c>POST /v2/tasks/create</c> and the blob drop: validate, claim the
/// idempotency key, write the pending row, charge, start the orchestration. The Durable client is passed in
/// because Functions binds it per call.
/// </summary>
public sealed class TaskCreator(
    TaskStore tasks,
    TaskDocuments documents,
    TaskQueries queries,
    UploadService uploads,
    CreditLedger ledger,
    IdempotencyStore idempotency,
    RegionSelector regions,
    IGenerationEngineChooser engines,
    IOptions<PricingOptions> pricing,
    IOptions<ResultsOptions> results,
    IOptions<WebhookOptions> webhooks)
{
    /// <inheritdoc cref="CreateAsync(string, CreateTaskRequest?, DurableTaskClient, string?, DropOrigin?, CancellationToken)"/>
    public Task<TaskDocument> CreateAsync(string user, CreateTaskRequest? request, DurableTaskClient durable, CancellationToken cancellationToken) =>
        CreateAsync(user, request, durable, idempotencyKey: null, drop: null, cancellationToken);

    /// <summary>
    /// Validates, claims the idempotency key, writes the pending row, charges and schedules the orchestration
    /// with the task id as instance id. A refused request writes nothing and charges nothing; a repeat with the
    /// same key and body returns the first task.
    /// </summary>
    public async Task<TaskDocument> CreateAsync(
        string user, CreateTaskRequest? request, DurableTaskClient durable, string? idempotencyKey, DropOrigin? drop, CancellationToken cancellationToken)
    {
        var (tool, args) = Validate(request);
        await EnsureGenerationForAsync(args.InpaintingPrompt, cancellationToken);

        var now = DateTimeOffset.UtcNow;
        var taskId = TaskIds.New(now);
        var resumed = false;
        if (idempotencyKey is not null)
        {
            ValidateKey(idempotencyKey);
            var claim = await idempotency.ClaimAsync(user, idempotencyKey, IdempotencyStore.HashRequest(JsonSerializer.Serialize(request)), taskId, cancellationToken);
            if (!claim.IsNew) return await queries.GetAsync(user, claim.TaskId, cancellationToken);
            resumed = claim.TaskId != taskId;
            taskId = claim.TaskId;
        }

        try
        {
            var document = await CreateClaimedAsync(user, taskId, resumed, tool, args, now, durable, drop, cancellationToken);
            if (idempotencyKey is not null) await idempotency.CompleteAsync(user, idempotencyKey, CancellationToken.None);
            return document;
        }
        catch (Exception e) when (idempotencyKey is not null && e is RequestValidationException or InvalidImageException or InsufficientCreditsException)
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
        regions.EnsureAvailable(args.Region);
        if (args.WebhookUrl is not null && string.IsNullOrEmpty(webhooks.Value.Secret))
            throw new RequestValidationException("webhook_url", "webhook_url: this server has no webhook secret configured (Webhooks:Secret), so it sends no webhooks");
        return (tool, args);
    }

    /// <summary>What creating the task would charge: validated like a create; nothing is charged or stored.</summary>
    public int Quote(CreateTaskRequest? request) => pricing.Value.Price(Validate(request).Args.NSamples);

    private async Task<TaskDocument> CreateClaimedAsync(
        string user, string taskId, bool resumed, string tool, InpaintArgs args, DateTimeOffset now, DurableTaskClient durable, DropOrigin? drop, CancellationToken cancellationToken)
    {
        // The image and the mask are independent: stored and checked side by side. When both fail, the error names
        // the image: awaited in that order once both are done (WhenAll would throw whichever failed first).
        var image = StoreInlineAsync(user, args.Image, "image", cancellationToken);
        var mask = args.Region == RegionSource.MaskImage ? StoreMaskAsync(user, args.MaskImage!, cancellationToken) : Task.FromResult<string?>(null);
        await Task.WhenAll(image, (Task)mask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        args = args with { Image = await image, MaskImage = await mask };

        // The row first: it is the record of what was accepted, and TaskReconciler drives any row that a crash
        // left behind (charged or not, started or not) to an end. Then the charge, then the orchestration. Only a
        // create resumed under an earlier claim's task id can find its row there already; a fresh id cannot.
        var price = pricing.Value.Price(args.NSamples);
        var row = resumed ? await tasks.FindAsync(user, taskId, cancellationToken) : null;
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

    /// <summary>A prompt no installed engine can honour is refused now (naming the model to pull), never filled
    /// silently by an engine that ignores it, nor charged and failed later.</summary>
    private async Task EnsureGenerationForAsync(string prompt, CancellationToken cancellationToken)
    {
        if (await engines.RefusalAsync(prompt, cancellationToken) is { } refusal)
            throw new RequestValidationException("inpainting_prompt", $"inpainting_prompt: {refusal}");
    }

    private static void ValidateKey(string key)
    {
        if (key.Length is 0 or > 255)
            throw new RequestValidationException("Idempotency-Key", "the Idempotency-Key header must be 1 to 255 characters");
    }

    private async Task<string?> StoreMaskAsync(string user, string value, CancellationToken cancellationToken)
    {
        var mask = await StoreInlineAsync(user, value, "mask_image", cancellationToken);
        await regions.EnsureMaskSelectsPixelsAsync(user, mask, cancellationToken);
        return mask;
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
