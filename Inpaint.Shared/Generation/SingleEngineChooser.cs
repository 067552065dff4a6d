namespace Inpaint.Shared.Generation;

/// <summary>
/// One engine for every task: the host registered a single <see cref="IGenerationEngine"/> (a test engine, or the
/// GPU worker adapter, where the worker itself chooses per prompt). Refuses nothing at creation.
/// </summary>
/// <param name="engine">Resolved only when a sample is generated, so task creation (which asks only
/// <see cref="Refusal"/>) neither needs nor holds an engine.</param>
public sealed class SingleEngineChooser(Func<IGenerationEngine> engine) : IGenerationEngineChooser
{
    public EngineChoice Choose(string prompt) => new(engine());

    public string? Refusal(string prompt) => null;
}
