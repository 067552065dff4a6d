namespace Inpaint.Shared.Generation;

/// <summary>
/// An engine that learns only by running what it did: the GPU worker adapter, whose worker chooses the engine per
/// prompt. After a fill, <see cref="IGenerationEngine.Name"/> and <see cref="IGenerationEngine.Model"/> name what ran and
/// <see cref="Warning"/> holds the worker's warning (a prompt filled by removal). One instance per activity.
/// </summary>
public interface IReportsRun
{
    string? Warning { get; }
}
