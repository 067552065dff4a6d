using Inpaint.Inference.Models;
using Inpaint.Shared.Generation;

namespace Inpaint.Inference.Generation;

/// <summary>
/// The best installed engine per task. An empty prompt (removal): an explicitly configured removal engine,
/// else the first installed removal model (MI-GAN, then LaMa), else the configured engine (PatchMatch by
/// default, no weights). A prompt: a configured generative engine, else the first installed generative model
/// (FLUX.2 klein, FLUX.1 Fill, SD inpainting); with none, the prompt is refused at creation naming the pull
/// command, or — where <paramref name="promptFallback"/> allows — filled by the removal engine with a warning.
/// </summary>
/// <param name="installed">The fill models of the model store.</param>
/// <param name="configured">The host's configured engine (<c>Generation__Engine</c>), or an engine the host
/// registered itself (a test or benchmark engine), which serves every task.</param>
/// <param name="promptFallback">Fill prompts with the removal engine when no generative engine is installed.</param>
public sealed class InstalledEngineChooser(InstalledGenerationEngines installed, IGenerationEngine configured, bool promptFallback) : IGenerationEngineChooser
{
    private static readonly HashSet<string> GenerativeNames = new(StringComparer.Ordinal) { "sd-inpaint", "flux-fill", "flux2-klein" };
    private static readonly HashSet<string> RemovalNames = new(StringComparer.Ordinal) { "patchmatch", "harmonic", "lama", "migan" };

    private readonly IGenerationEngine _patchMatch = new PatchMatchFill();

    /// <summary>The pull commands that install a generative engine, for refusals and warnings.</summary>
    public static string InstallGenerative =>
        $"install one with 'inpaint models pull {KnownModels.Flux2Klein}' (GPU) or 'inpaint models pull {KnownModels.StableDiffusionInpaint}'";

    /// <summary>What a known engine is for; null for an engine the host brought itself (it serves every task).</summary>
    public static GenerationPurpose? PurposeOf(IGenerationEngine engine) =>
        GenerativeNames.Contains(engine.Name) ? GenerationPurpose.Generative
        : RemovalNames.Contains(engine.Name) ? GenerationPurpose.Removal
        : null;

    public EngineChoice Choose(string prompt)
    {
        if (string.IsNullOrWhiteSpace(prompt)) return new(Removal());
        if (Generative() is { } generative) return new(generative);
        if (!promptFallback)
            throw new InvalidOperationException($"No generative engine is installed, so the prompt cannot be honoured; {InstallGenerative}.");
        var removal = Removal();
        return new(removal, $"no generative engine is installed: the prompt was ignored and the region filled from its surroundings by {removal.Name}; {InstallGenerative}");
    }

    public string? Refusal(string prompt) =>
        string.IsNullOrWhiteSpace(prompt) || promptFallback || Generative() is not null
            ? null
            : $"this server has no generative engine installed, so a prompt cannot be honoured; {InstallGenerative}, or send an empty inpainting_prompt to remove the region";

    /// <summary>The engine an empty prompt gets now.</summary>
    public IGenerationEngine Removal()
    {
        // An operator who configured a removal engine other than the default meant it; a host's own engine serves all.
        if (PurposeOf(configured) is null || (PurposeOf(configured) == GenerationPurpose.Removal && configured.Name != "patchmatch")) return configured;
        return installed.Best(GenerationPurpose.Removal)
            ?? (PurposeOf(configured) == GenerationPurpose.Removal ? configured : _patchMatch);
    }

    /// <summary>The engine a prompt gets now; null when none is installed.</summary>
    public IGenerationEngine? Generative() =>
        PurposeOf(configured) is null or GenerationPurpose.Generative ? configured : installed.Best(GenerationPurpose.Generative);
}
