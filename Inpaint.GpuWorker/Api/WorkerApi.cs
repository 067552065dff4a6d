using Inpaint.GpuWorker.Engines;
using Inpaint.GpuWorker.Scheduling;
using Inpaint.GpuWorker.Storage;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Worker;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Inpaint.GpuWorker.Api;

/// <summary>
/// The worker's <c>/v1</c> endpoints. Inputs and outputs are blob references; the handler reads the inputs,
/// queues the GPU work (<see cref="GpuWorkQueue"/>) and writes the outputs, so the GPU lanes never wait on
/// storage. Errors are typed exceptions mapped by <see cref="WorkerExceptionHandler"/>.
/// </summary>
public static class WorkerApi
{
    public static RouteGroupBuilder MapWorkerApi(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/v1").RequireAuthorization().WithTags("Worker");
        v1.MapPost("/segment", SegmentAsync)
            .WithName("Segment").WithSummary("Mask what a text prompt describes (comma-separated phrases are united)")
            .ProducesProblem(400).ProducesProblem(422).ProducesProblem(429).ProducesProblem(503);
        v1.MapPost("/foreground", ForegroundAsync)
            .WithName("Foreground").WithSummary("Mask the salient foreground object(s)")
            .ProducesProblem(400).ProducesProblem(429).ProducesProblem(503);
        v1.MapPost("/generate", GenerateAsync)
            .WithName("Generate").WithSummary("Fill one sample of a task by reference: read its crop, mask and alpha, write its sample-i.png")
            .ProducesProblem(400).ProducesProblem(429).ProducesProblem(503);
        v1.MapPost("/diffuse", DiffuseAsync)
            .WithName("Diffuse").WithSummary("Fill the masked region of a crop: one sample per output, seed + i, batched with concurrent requests")
            .ProducesProblem(400).ProducesProblem(429).ProducesProblem(503);
        v1.MapGet("/info", Info)
            .WithName("Info").WithSummary("Models, versions, execution provider and capacity");
        return v1;
    }

    public static Task<Ok<RegionWorkResponse>> SegmentAsync(
        SegmentWorkRequest request, HttpContext context, BlobImageStore store, EngineCatalog engines, GpuWorkQueue queue, IOptions<WorkerCapacityOptions> options) =>
        RequestDeadline.RunAsync(context, options.Value.RequestTimeout, async token =>
        {
            if (string.IsNullOrWhiteSpace(request.Prompt))
                throw new InvalidWorkRequestException("prompt", "prompt must name what to segment");
            var engine = engines.Region("text segmentation");
            store.Resolve(request.Mask, "mask");
            using var image = await store.ReadImageAsync(request.Image, "image", token);
            var mask = await queue.RunAsync(t => engine.SegmentAsync(image, request.Prompt, t), token);
            return await WriteRegionAsync(store, request.Mask, mask, token);
        });

    public static Task<Ok<RegionWorkResponse>> ForegroundAsync(
        ForegroundWorkRequest request, HttpContext context, BlobImageStore store, EngineCatalog engines, GpuWorkQueue queue, IOptions<WorkerCapacityOptions> options) =>
        RequestDeadline.RunAsync(context, options.Value.RequestTimeout, async token =>
        {
            var engine = engines.Region("foreground detection");
            store.Resolve(request.Mask, "mask");
            using var image = await store.ReadImageAsync(request.Image, "image", token);
            var mask = await queue.RunAsync(t => engine.ForegroundAsync(image, t), token);
            return await WriteRegionAsync(store, request.Mask, mask, token);
        });

    /// <summary>
    /// One sample of a task, by reference (<see cref="TaskSampleReferences"/>): the task's own blobs are read with
    /// the checked decoders and the sample is written with the orchestration's encoder, so the file equals what the
    /// in-process path writes for the same engine output. A retry overwrites the same sample.
    /// </summary>
    public static Task<Ok<GenerateWorkResponse>> GenerateAsync(
        GenerateWorkRequest request, HttpContext context, BlobImageStore store, EngineCatalog engines, GpuWorkQueue queue, IOptions<WorkerCapacityOptions> options) =>
        RequestDeadline.RunAsync(context, options.Value.RequestTimeout, async token =>
        {
            TaskSampleReferences.Check(request);
            CheckCreativity(request.Creativity);
            var prompt = request.Prompt ?? "";
            var (engine, warning) = engines.Generation(request.Model, prompt);

            using var crop = await store.ReadImageAsync(request.Crop, "crop", token);
            var mask = await store.ReadTaskMaskAsync(request.Mask, "mask", token);
            var alpha = await store.ReadTaskMaskAsync(request.Alpha, "alpha", token);
            foreach (var (plane, field) in new[] { (mask, "mask"), (alpha, "alpha") })
                if (plane.Width != crop.Width || plane.Height != crop.Height)
                    throw new InvalidImageException(field, $"{field} is {plane.Width}x{plane.Height}; the crop is {crop.Width}x{crop.Height}");

            var results = await queue.DiffuseAsync(engine, [new GenerationRequest(crop, mask, prompt, request.Creativity, request.Seed, alpha)], token);
            using var sample = results[0];
            await store.WriteImageAsync(request.Output, "output", sample, token);
            return TypedResults.Ok(new GenerateWorkResponse(engine.Name, engine.Model, engine.ControlsFor(request.Creativity).Values, warning));
        });

    public static Task<Ok<DiffuseWorkResponse>> DiffuseAsync(
        DiffuseWorkRequest request, HttpContext context, BlobImageStore store, EngineCatalog engines, GpuWorkQueue queue, IOptions<WorkerCapacityOptions> options) =>
        RequestDeadline.RunAsync(context, options.Value.RequestTimeout, async token =>
        {
            var limits = options.Value;
            var outputs = request.Outputs ?? [];
            if (outputs.Count < 1 || outputs.Count > limits.MaxSamplesPerRequest)
                throw new InvalidWorkRequestException("outputs", $"outputs must name 1 to {limits.MaxSamplesPerRequest} blobs, one per sample; got {outputs.Count}");
            CheckCreativity(request.Creativity);
            var (engine, warning) = engines.Generation(request.Model, request.Prompt ?? "");
            for (var i = 0; i < outputs.Count; i++)
                store.Resolve(outputs[i], $"outputs[{i}]");

            using var image = await store.ReadImageAsync(request.Image, "image", token);
            var mask = await store.ReadMaskAsync(request.Mask, "mask", token);
            if (mask.Width != image.Width || mask.Height != image.Height)
                throw new InvalidImageException("mask", $"mask is {mask.Width}x{mask.Height}; the image is {image.Width}x{image.Height}");
            var samples = outputs
                .Select((_, i) => new GenerationRequest(image, mask, request.Prompt ?? "", request.Creativity, request.Seed + i))
                .ToArray();

            var results = await queue.DiffuseAsync(engine, samples, token);
            try
            {
                for (var i = 0; i < results.Count; i++)
                    await store.WriteImageAsync(outputs[i], $"outputs[{i}]", results[i], token);
            }
            finally
            {
                foreach (var result in results)
                    result.Dispose();
            }

            return TypedResults.Ok(new DiffuseWorkResponse(engine.Name, engine.Model, outputs, warning));
        });

    public static Ok<WorkerInfo> Info(EngineCatalog engines, WorkerReadiness readiness, GpuWorkQueue queue, IOptions<WorkerCapacityOptions> options)
    {
        var o = options.Value;
        var version = typeof(WorkerApi).Assembly.GetName().Version?.ToString() ?? "unknown";
        return TypedResults.Ok(new WorkerInfo(
            version,
            readiness.ExecutionProvider ?? "unknown",
            engines.Describe(),
            new WorkerCapacityInfo(o.Gpus, o.QueueLimitPerGpu, o.MaxBatchSize, (int)o.BatchWindow.TotalMilliseconds, queue.Depth),
            engines.DescribeChoice()));
    }

    /// <summary>The API's own range (<see cref="ArgLimits.Creativity"/>): a task the API accepted is never refused here.</summary>
    private static void CheckCreativity(double creativity)
    {
        var range = ArgLimits.Creativity;
        if (!double.IsFinite(creativity) || creativity < range.Min || creativity > range.Max)
            throw new InvalidWorkRequestException("creativity", $"creativity must be between {range.Min} and {range.Max}; got {creativity}");
    }

    private static async Task<Ok<RegionWorkResponse>> WriteRegionAsync(BlobImageStore store, BlobReference target, MaskPlane mask, CancellationToken token)
    {
        await store.WriteMaskAsync(target, "mask", mask, token);
        var coverage = mask.Data.Length == 0 ? 0 : mask.Data.Average();
        return TypedResults.Ok(new RegionWorkResponse(target, mask.Width, mask.Height, coverage));
    }
}
