using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Idempotency;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Uploads;
using Inpaint.Shared.Validation;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Drop;

/// <summary>
/// Turns one blob dropped at <c>drop/{batch}/{name}.{png|jpg|jpeg|webp}</c> into a task of the batch's owner,
/// with the args of <c>{name}.json</c> beside it, else of the batch's <c>args.json</c>. Called by the Azure blob
/// trigger and by the local poller, as often as they like: a blob version (name + ETag) makes one task, charged
/// once — the task is created under the Idempotency-Key <c>drop:{name}:{etag}</c> with an upload id derived from
/// the same pair, so a repeat builds the identical request and gets the same task. A file that cannot be a task
/// gets a <c>result.json</c> with the reason and is not retried; only storage failures throw (for a retry).
/// </summary>
public sealed class DropProcessor(
    StorageClients clients,
    DropResultStore results,
    DropDelivery delivery,
    UploadService uploads,
    TaskCreator creator,
    IOptions<DropOptions> options,
    IOptions<LimitsOptions> limits,
    ILogger<DropProcessor> logger)
{
    private readonly BlobContainerClient _drop = clients.Blobs.GetBlobContainerClient(BlobContainers.Drop);

    public async Task<DropOutcome> ProcessAsync(string blobName, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (!DropBlobName.TryParse(blobName, out var drop))
        {
            logger.LogWarning("Dropped blob {Blob} is not in a batch folder (drop/{{batch}}/{{name}}.png); ignored", blobName);
            return new DropOutcome(DropOutcomeKind.Ignored, Error: "not in a batch folder");
        }

        if (drop.IsArgs) return new DropOutcome(DropOutcomeKind.Ignored);

        BlobProperties properties;
        try
        {
            properties = (await _drop.GetBlobClient(blobName).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new DropOutcome(DropOutcomeKind.Ignored, Error: "the blob is gone");
        }

        var etag = properties.ETag.ToString();
        var existing = await results.FindAsync(drop.Batch, drop.Name, cancellationToken);
        if (existing is { Result: var seen } && seen.Source == blobName && seen.ETag == etag)
            return new DropOutcome(DropOutcomeKind.AlreadyProcessed, seen.TaskId, seen.Error);

        try
        {
            return await CreateAsync(drop, properties, existing?.BlobETag ?? ETag.All, durable, cancellationToken);
        }
        catch (Exception e) when (e is DropRefusedException or RequestValidationException or InvalidImageException or InsufficientCreditsException)
        {
            logger.LogInformation("Dropped blob {Blob} refused: {Reason}", blobName, e.Message);
            await results.WriteAsync(drop.Batch, drop.Name, new DropResult
            {
                Source = blobName, ETag = etag, Status = TaskStatuses.Failed, Error = e.Message, UpdatedAt = DateTimeOffset.UtcNow,
            }, cancellationToken: cancellationToken);
            return new DropOutcome(DropOutcomeKind.Refused, Error: e.Message);
        }
    }

    /// <summary>The Idempotency-Key of one blob version (hashed when the blob name would make it too long).</summary>
    public static string IdempotencyKey(string blobName, string etag)
    {
        var key = $"drop:{blobName}:{etag}";
        return key.Length <= 255 ? key : $"drop:{Hash(blobName)}:{etag}";
    }

    private async Task<DropOutcome> CreateAsync(
        DropBlobName drop, BlobProperties properties, ETag resultVersion, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var etag = properties.ETag.ToString();
        if (!drop.IsImage)
            throw new DropRefusedException($"'{drop.Name}.{drop.Extension}' is not an image: drop .png, .jpg, .jpeg or .webp files (args go in .json files)");
        var owner = options.Value.OwnerOf(drop.Batch)
            ?? throw new DropRefusedException($"no owner is configured for batch '{drop.Batch}' (Drop:Owners)");
        if (properties.ContentLength > limits.Value.MaxUploadBytes)
            throw new InvalidImageException("image", $"image is larger than {limits.Value.MaxUploadBytes} bytes");

        var args = await ReadArgsAsync(drop, cancellationToken);
        if (args.ContainsKey("image"))
            throw new DropRefusedException("the args must not contain 'image': the dropped file is the image");

        byte[] bytes;
        try
        {
            var download = await _drop.GetBlobClient(drop.Blob).DownloadContentAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, cancellationToken);
            bytes = download.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Replaced or deleted since we looked: the new version has its own trigger.
            return new DropOutcome(DropOutcomeKind.Ignored, Error: "the blob changed while it was read");
        }

        var upload = await uploads.StoreAsync(owner, bytes, "image", cancellationToken, id: "drop-" + Hash($"{drop.Blob}:{etag}")[..32]);
        args["image"] = upload.Reference;
        var request = new CreateTaskRequest(ToolNames.FluxInpainting, JsonSerializer.SerializeToElement(args));
        var origin = new DropOrigin(drop.Batch, drop.Name, drop.Blob, etag);

        TaskDocument task;
        try
        {
            task = await creator.CreateAsync(owner, request, durable, IdempotencyKey(drop.Blob, etag), origin, cancellationToken);
        }
        catch (IdempotencyConflictException e)
        {
            // 409: another trigger for this version is creating it; 422: it was made already, with args since changed.
            logger.LogInformation("Dropped blob {Blob} ({ETag}) is already being handled: {Reason}", drop.Blob, etag, e.Message);
            return new DropOutcome(DropOutcomeKind.Duplicate, Error: e.Message);
        }

        if (TaskStatuses.IsFinal(task.Status))
        {
            // A repeat for a task that already ended (its result.json was lost): write the final result again.
            await delivery.DeliverAsync(task.Id, owner, origin, cancellationToken);
            return new DropOutcome(DropOutcomeKind.Created, task.Id);
        }

        // Pending, unless the final result got there first (a fast task) — never overwrite it.
        await results.WriteAsync(drop.Batch, drop.Name, new DropResult
        {
            Source = drop.Blob, ETag = etag, TaskId = task.Id, Status = task.Status, Cost = task.Cost, UpdatedAt = DateTimeOffset.UtcNow,
        }, resultVersion, cancellationToken);
        logger.LogInformation("Dropped blob {Blob} became task {TaskId} of {Owner}", drop.Blob, task.Id, owner);
        return new DropOutcome(DropOutcomeKind.Created, task.Id);
    }

    /// <summary>The spec's <c>args</c> object (without <c>image</c>) from <c>{name}.json</c>, else <c>args.json</c>.</summary>
    private async Task<JsonObject> ReadArgsAsync(DropBlobName drop, CancellationToken cancellationToken)
    {
        foreach (var blob in new[] { drop.ImageArgsBlob, drop.BatchArgsBlob })
        {
            BinaryData content;
            try
            {
                content = (await _drop.GetBlobClient(blob).DownloadContentAsync(cancellationToken)).Value.Content;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                continue;
            }

            if (content.ToMemory().Length > limits.Value.MaxUploadBytes * 2)
                throw new DropRefusedException($"{blob} is larger than {limits.Value.MaxUploadBytes * 2} bytes");
            try
            {
                return JsonNode.Parse(content.ToMemory().Span) as JsonObject
                    ?? throw new DropRefusedException($"{blob} must hold a JSON object (the task's args)");
            }
            catch (JsonException e)
            {
                throw new DropRefusedException($"{blob} is not valid JSON: {e.Message}");
            }
        }

        throw new DropRefusedException($"no args: put {drop.Name}.json beside the image or {DropBlobName.BatchArgsFile} in drop/{drop.Batch}/");
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
