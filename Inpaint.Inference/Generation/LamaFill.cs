using Inpaint.Inference.Generation.Diffusion;
using Inpaint.Inference.Sessions;
using Inpaint.Shared.Generation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Generation;

/// <summary>
/// LaMa (Carve/LaMa-ONNX <c>lama_fp32.onnx</c>): removal without a prompt. Contract (MODELS.md §6):
/// <c>image</c> f32 [B,3,512,512] RGB in [0,1] and <c>mask</c> f32 [B,1,512,512], 1 = hole, in; <c>output</c>
/// f32 [B,3,512,512] in [0,255], already composited and clamped inside the graph — it is read as is, never
/// scaled by 255 again. The crop is resized to the model's fixed size and the result back to the crop's.
/// </summary>
/// <remarks>
/// Creativity: LaMa has no controls, so every creativity maps to the same (empty) set. It is deterministic:
/// the seed does not change the output, and the samples of one task are identical. A pixel is a hole where
/// the mask is at least 0.5 (the reference binarises its uploaded masks with &gt; 0; ours are feathered).
/// </remarks>
public sealed class LamaFill(ModelSession session, string model = "lama_fp32") : IGenerationEngine
{
    private readonly int _size = ModelSide(session);

    public string Name => "lama";

    public string Model { get; } = model;

    public bool BatchesSamples => true;

    public EngineControls ControlsFor(double creativity) => EngineControls.Create(Name, creativity);

    public async Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        (await GenerateBatchAsync([request], progress, cancellationToken).ConfigureAwait(false))[0];

    public Task<IReadOnlyList<Image<Rgba32>>> GenerateBatchAsync(IReadOnlyList<GenerationRequest> requests, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(requests.Count);
        return Task.Run<IReadOnlyList<Image<Rgba32>>>(() =>
        {
            // A fixed batch dimension of 1 (some re-exports) means one run per request.
            var batchDim = session.Input("image").Dimensions[0];
            int perRun = batchDim < 0 ? requests.Count : (int)batchDim;
            var results = new List<Image<Rgba32>>(requests.Count);
            for (int start = 0; start < requests.Count; start += perRun)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = requests.Skip(start).Take(perRun).ToList();
                results.AddRange(Run(chunk, cancellationToken));
            }
            progress?.Report(new GenerationProgress(1, 1));
            return results;
        }, cancellationToken);
    }

    private List<Image<Rgba32>> Run(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken)
    {
        int n = requests.Count, s = _size, plane = s * s;
        var image = new float[n * 3 * plane];
        var mask = new float[n * plane];
        for (int i = 0; i < n; i++)
        {
            var r = requests[i];
            if (r.Mask.Width != r.Crop.Width || r.Mask.Height != r.Crop.Height)
                throw new ArgumentException($"Mask is {r.Mask.Width}×{r.Mask.Height} but the crop is {r.Crop.Width}×{r.Crop.Height}.", nameof(requests));
            PixelPlanes.Write(r.Crop, s, s, 1f / 255f, 0f, image.AsSpan(i * 3 * plane, 3 * plane));
            PixelPlanes.BinaryMask(r.Mask, s, s).CopyTo(mask.AsSpan(i * plane, plane));
        }

        var outputs = session.Run(new Dictionary<string, TensorData>
        {
            ["image"] = TensorData.FromFloats(image, n, 3, s, s),
            ["mask"] = TensorData.FromFloats(mask, n, 1, s, s),
        }, cancellationToken);
        var output = outputs["output"].AsFloats();

        var results = new List<Image<Rgba32>>(n);
        for (int i = 0; i < n; i++)
            results.Add(PixelPlanes.Read(output.AsSpan(i * 3 * plane, 3 * plane), s, s, 1f, 0f, requests[i].Crop.Width, requests[i].Crop.Height));
        return results;
    }

    private static int ModelSide(ModelSession session)
    {
        var dims = session.Input("image").Dimensions;
        if (dims.Length != 4 || dims[1] != 3)
            throw new InvalidOperationException($"LaMa input 'image' should be [batch, 3, H, W]; the model declares {session.Input("image")}.");
        session.Input("mask");
        session.Output("output");
        return dims[2] > 0 ? (int)dims[2] : 512;
    }
}
