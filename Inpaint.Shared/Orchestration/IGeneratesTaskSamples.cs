namespace Inpaint.Shared.Orchestration;

/// <summary>
/// An engine that makes a task's sample where the task's blobs live (the GPU worker, which shares the storage
/// account): it reads the task's crop, mask and alpha and writes <c>sample-{i}.png</c> itself.
/// <see cref="Activities.GenerateActivity"/> hands such an engine the sample's names instead of pixels, so nothing
/// is decoded or encoded twice. Afterwards the engine's <c>Name</c>, <c>Model</c>, <c>ControlsFor</c> and
/// <c>Warning</c> (<see cref="Generation.IReportsRun"/>) say what ran. Writing the same name again is harmless,
/// so a retried activity simply overwrites the sample.
/// </summary>
public interface IGeneratesTaskSamples
{
    Task GenerateSampleAsync(GenerateInput sample, CancellationToken cancellationToken);
}
