namespace Inpaint.Shared.Generation;

/// <summary>
/// One engine for every task: the host registered a single <see cref="IFillEngine"/> (a test engine, or the GPU
/// worker adapter, where the worker itself chooses per prompt). Refuses nothing at creation.
/// </summary>
public sealed class SingleEngineChooser(IFillEngine engine) : IGenerationEngineChooser
{
    public EngineChoice Choose(string prompt) => new(engine);

    public string? Refusal(string prompt) => null;
}
