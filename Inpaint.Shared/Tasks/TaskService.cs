using System.Security.Cryptography;
using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Inputs;
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
/// Creating and reading tasks: the logic behind the HTTP API, shared by the local host and Azure Functions.
/// The Durable client is passed in because Functions binds it per call.
/// </summary>
public sealed class TaskService(
    TaskStore tasks,
    TaskDocuments documents,
    UploadService uploads,
    IServiceProvider services,
    IOptions<PricingOptions> pricing,
    IOptions<ResultsOptions> results)
{
    /// <summary>
    /// Validates, prices, writes the pending row and schedules the orchestration with the task id as
    /// instance id. Nothing is written when validation fails.
    /// </summary>
    public async Task<TaskDocument> CreateAsync(string user, CreateTaskRequest? request, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var (tool, args) = ArgsValidator.Validate(request);
        EnsureEnginesFor(args);
        args = args with
        {
            Image = await StoreInlineAsync(user, args.Image, "image", cancellationToken),
            MaskImage = args.Region == RegionSource.MaskImage
                ? await StoreInlineAsync(user, args.MaskImage!, "mask_image", cancellationToken)
                : null,
        };

        var now = DateTimeOffset.UtcNow;
        var taskId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var seed = args.Seed ?? RandomNumberGenerator.GetInt32(int.MaxValue);
        var row = new TaskEntity
        {
            PartitionKey = user,
            RowKey = taskId,
            Tool = tool,
            Requester = user,
            HandlerId = results.Value.HandlerId,
            ArgsJson = JsonSerializer.Serialize(args),
            Status = TaskStatuses.Pending,
            Cost = pricing.Value.Price(args.NSamples),
            Seed = seed,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await tasks.AddAsync(row, cancellationToken);

        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(
                nameof(InpaintOrchestrator),
                new InpaintJob(taskId, user, args, seed, now),
                new StartOrchestrationOptions(InstanceId: taskId),
                cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The row exists but no orchestration will run it: say so in the row rather than leave it pending forever.
            await tasks.UpdateAsync(user, taskId, r =>
            {
                r.Status = TaskStatuses.Failed;
                r.Error = "the task could not be scheduled; nothing was charged";
                return true;
            }, CancellationToken.None);
            throw;
        }

        return await documents.ToDocumentAsync(row, results.Value.LinkLifetime, cancellationToken);
    }

    public async Task<TaskDocument> GetAsync(string user, string taskId, CancellationToken cancellationToken)
    {
        var row = await tasks.GetAsync(user, taskId, cancellationToken);
        return await documents.ToDocumentAsync(row, results.Value.LinkLifetime, cancellationToken);
    }

    /// <summary>A request whose region needs a model this server lacks is refused now, not failed later.</summary>
    private void EnsureEnginesFor(InpaintArgs args)
    {
        if (args.Region == RegionSource.MaskImage || services.GetService<IRegionEngine>() is not null) return;
        var field = args.Region == RegionSource.Prompt ? "masking_prompt" : "use_rembg";
        var model = args.Region == RegionSource.Prompt ? "a text segmentation model (clipseg-rd64-refined)" : "a salient-object model (isnet-general-use)";
        throw new RequestValidationException(field,
            $"{field} needs {model}, which this server does not have installed (install it with 'inpaint models pull'); send mask_image instead");
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
