namespace Inpaint.GpuWorker.Engines;

/// <summary>The request needs a model this worker does not host; the message names it. Answered with 400
/// (permanent: another attempt at the same worker cannot succeed).</summary>
public sealed class EngineNotHostedException(string model, IEnumerable<string> hosted)
    : Exception($"this worker does not host the model '{model}' (it hosts: {string.Join(", ", hosted.DefaultIfEmpty("none"))})")
{
    public string Model { get; } = model;
}
