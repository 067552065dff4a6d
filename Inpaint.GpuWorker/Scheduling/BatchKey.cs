using Inpaint.Shared.Generation;

namespace Inpaint.GpuWorker.Scheduling;

/// <summary>
/// Samples that may share a batch: the same engine instance, crop size, prompt and creativity — the
/// batching contract of <c>IGenerationEngine.GenerateBatchAsync</c> (the samples differ in seed, and crop and
/// mask pixels).
/// </summary>
public readonly record struct BatchKey(IGenerationEngine Engine, int Width, int Height, string Prompt, double Creativity)
{
    public static BatchKey Of(IGenerationEngine engine, GenerationRequest sample) =>
        new(engine, sample.Crop.Width, sample.Crop.Height, sample.Prompt, sample.Creativity);
}
