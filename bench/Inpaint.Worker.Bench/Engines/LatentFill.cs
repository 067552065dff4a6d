using Inpaint.Inference.Generation;
using Inpaint.Shared.Generation;
using Microsoft.ML.OnnxRuntime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Worker.Bench.Engines;

/// <summary>
/// A tiny real ONNX fill engine for the load bench. The crop and mask are encoded into a 2×32×32 latent,
/// <see cref="Steps"/> denoising steps run through <see cref="LatentGraph"/> with seed-dependent noise, and
/// the latent is decoded into the masked region. A batch runs every step as one ONNX call for all samples.
/// One intra-op thread: one "GPU lane" per core, the other core serves HTTP and storage.
/// </summary>
public sealed class LatentFill : IGenerationEngine, IDisposable
{
    public const int Side = 32;

    private readonly InferenceSession session;

    /// <param name="latentSize">K, the latent length (at least 2·32·32; the weight is K×K floats).</param>
    /// <param name="steps">Denoising steps per sample.</param>
    public LatentFill(int latentSize = 4096, int steps = 20)
    {
        if (latentSize < 2 * Side * Side) throw new ArgumentOutOfRangeException(nameof(latentSize));
        K = latentSize;
        Steps = steps;
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        session = new InferenceSession(LatentGraph.Build(K, seed: 7), options);
    }

    public int K { get; }

    public int Steps { get; }

    public string Name => "latent-bench";

    public string Model => $"latent-step-{K}";

    public bool BatchesSamples => true;

    public EngineControls ControlsFor(double creativity) => EngineControls.Create(Name, creativity, ("steps", Steps));

    public async Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        (await GenerateBatchAsync([request], progress, cancellationToken))[0];

    public Task<IReadOnlyList<Image<Rgba32>>> GenerateBatchAsync(IReadOnlyList<GenerationRequest> requests, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var batch = requests.Count;
        var latent = new float[batch * K];
        var noise = new float[batch * K];
        for (var i = 0; i < batch; i++)
            Encode(requests[i], latent.AsSpan(i * K, K));

        using var run = new RunOptions();
        using var terminate = cancellationToken.Register(() => run.Terminate = true);
        var shape = new long[] { batch, K };
        for (var step = 0; step < Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < batch; i++)
                Noise(requests[i].Seed, step, noise.AsSpan(i * K, K));
            using var latentValue = OrtValue.CreateTensorValueFromMemory(latent, shape);
            using var noiseValue = OrtValue.CreateTensorValueFromMemory(noise, shape);
            using var outputs = session.Run(run, [LatentGraph.Latent, LatentGraph.Noise], [latentValue, noiseValue], [LatentGraph.Next]);
            outputs[0].GetTensorDataAsSpan<float>().CopyTo(latent);
            progress?.Report(new GenerationProgress(step + 1, Steps));
        }

        var images = new Image<Rgba32>[batch];
        for (var i = 0; i < batch; i++)
            images[i] = Decode(requests[i], latent.AsSpan(i * K, K));
        return Task.FromResult<IReadOnlyList<Image<Rgba32>>>(images);
    }

    public void Dispose() => session.Dispose();

    /// <summary>Channel 0: the crop's luminance, channel 1: the mask, each box-averaged to 32×32, in [-1, 1].</summary>
    private static void Encode(GenerationRequest request, Span<float> latent)
    {
        latent.Clear();
        EncodePlanes(request, latent[..(2 * Side * Side)]);
    }

    private static void EncodePlanes(GenerationRequest request, Span<float> latent)
    {
        var crop = request.Crop;
        for (var y = 0; y < crop.Height; y++)
            for (var x = 0; x < crop.Width; x++)
            {
                var cell = y * Side / crop.Height * Side + x * Side / crop.Width;
                var p = crop[x, y];
                latent[cell] += (0.299f * p.R + 0.587f * p.G + 0.114f * p.B) / 127.5f - 1f;
                latent[Side * Side + cell] += request.Mask[x, y] * 2f - 1f;
            }

        var perCell = (float)(crop.Width * crop.Height) / (Side * Side);
        foreach (ref var v in latent)
            v /= perCell;
    }

    private static void Noise(long seed, int step, Span<float> noise)
    {
        var state = (ulong)seed * 0x9E3779B97F4A7C15 ^ (ulong)step * 0xD1B54A32D192ED03;
        for (var i = 0; i < noise.Length; i++)
        {
            state += 0x9E3779B97F4A7C15;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            z ^= z >> 31;
            noise[i] = (float)((z >> 40) / (double)(1UL << 24)) - 0.5f;
        }
    }

    private static Image<Rgba32> Decode(GenerationRequest request, ReadOnlySpan<float> latent)
    {
        var output = request.Crop.Clone();
        var w = output.Width;
        var h = output.Height;
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var m = request.Mask[x, y];
                if (m <= 0) continue;
                var v = latent[y * Side / h * Side + x * Side / w];
                var g = (byte)Math.Clamp((v + 1f) * 127.5f, 0f, 255f);
                var p = output[x, y];
                output[x, y] = new Rgba32(
                    (byte)(p.R + (g - p.R) * m),
                    (byte)(p.G + (g - p.G) * m),
                    (byte)(p.B + (g - p.B) * m),
                    255);
            }

        return output;
    }
}
