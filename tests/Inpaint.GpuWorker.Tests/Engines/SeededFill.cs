using System.Collections.Concurrent;
using Inpaint.Inference.Generation;
using Inpaint.Shared.Generation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.GpuWorker.Tests.Engines;

/// <summary>
/// A real, tiny fill engine whose output depends on the seed (and prompt and creativity): masked pixels
/// are blended towards a colour hashed from (seed, x, y), weighted by the request's alpha when it has one. As a batch engine it fills all requests in one
/// pass per step and records every batch size, so tests can see batching and compare it with single runs.
/// </summary>
public sealed class SeededFill(string name = "seeded", int steps = 3) : IGenerationEngine
{
    public string Name { get; } = name;

    public string Model => Name + "-v1";

    public bool BatchesSamples => true;

    /// <summary>Sizes of the engine calls in arrival order (1 for <see cref="GenerateAsync"/>).</summary>
    public ConcurrentQueue<int> Calls { get; } = new();

    public EngineControls ControlsFor(double creativity) => EngineControls.Create(Name, creativity, ("blend", 1 - creativity * 0.5));

    public Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        Calls.Enqueue(1);
        return Task.FromResult(Run([request], progress, cancellationToken)[0]);
    }

    public Task<IReadOnlyList<Image<Rgba32>>> GenerateBatchAsync(IReadOnlyList<GenerationRequest> requests, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        Calls.Enqueue(requests.Count);
        return Task.FromResult<IReadOnlyList<Image<Rgba32>>>(Run(requests, progress, cancellationToken));
    }

    private Image<Rgba32>[] Run(IReadOnlyList<GenerationRequest> requests, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var outputs = requests.Select(r => r.Crop.Clone()).ToArray();
        for (var step = 1; step <= steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < requests.Count; i++)
                Step(requests[i], outputs[i], step);
            progress?.Report(new GenerationProgress(step, steps));
        }

        return outputs;
    }

    private void Step(GenerationRequest request, Image<Rgba32> output, int step)
    {
        var promptHash = (ulong)StableHash(request.Prompt);
        output.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var m = request.Mask[x, y];
                    if (m <= 0) continue;
                    var h = Mix((ulong)request.Seed ^ (promptHash << 1) ^ ((ulong)x << 32) ^ (ulong)y ^ ((ulong)step << 48));
                    var target = new Rgba32((byte)h, (byte)(h >> 8), (byte)(h >> 16), 255);
                    // A feathered alpha, when given, weights the blend, so a sample shows which alpha reached the engine.
                    var w = m * (request.Alpha?[x, y] ?? 1f) * (float)(1 - request.Creativity * 0.5) / steps;
                    var p = row[x];
                    row[x] = new Rgba32(
                        (byte)(p.R + (target.R - p.R) * w),
                        (byte)(p.G + (target.G - p.G) * w),
                        (byte)(p.B + (target.B - p.B) * w),
                        255);
                }
            }
        });
    }

    private static int StableHash(string text)
    {
        var h = 17;
        foreach (var c in text) h = unchecked(h * 31 + c);
        return h;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
