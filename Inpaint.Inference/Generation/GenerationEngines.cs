using Inpaint.Shared.Generation;
using Inpaint.Inference.Generation.Diffusion;
using Inpaint.Inference.Models;
using Inpaint.Inference.Sessions;

namespace Inpaint.Inference.Generation;

/// <summary>Creates the configured generation engine; a missing export is a <see cref="ModelMissingException"/> naming it.</summary>
public static class GenerationEngines
{
    public static IGenerationEngine Create(GenerationEngineOptions options)
    {
        var sessions = options.UseCuda ? ModelSessionOptions.CudaThenCpu : ModelSessionOptions.Cpu;
        switch (options.Engine)
        {
            case "patchmatch":
                return new PatchMatchFill();
            case "harmonic":
                return new HarmonicFill();
            case "lama":
            {
                var path = Require(options, "lama", File.Exists);
                return new LamaFill(ModelSession.Load(path, sessions), Path.GetFileNameWithoutExtension(path));
            }
            case "sd-inpaint":
            {
                var folder = Require(options, "sd-inpaint", Directory.Exists);
                var defaults = new StableDiffusionOptions();
                return new StableDiffusionInpaint(StableDiffusionModels.Load(folder, sessions),
                    defaults with { Steps = options.Steps ?? defaults.Steps, ModelId = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) });
            }
            case "flux-fill":
            {
                var folder = Require(options, "flux-fill", Directory.Exists);
                var defaults = new FluxFillOptions();
                return new FluxFill(FluxFillModels.Load(folder, sessions),
                    defaults with { Steps = options.Steps ?? defaults.Steps, ModelId = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) });
            }
            default:
                throw new ArgumentException($"Unknown generation engine '{options.Engine}' (patchmatch, harmonic, lama, sd-inpaint, flux-fill).", nameof(options));
        }
    }

    private static string Require(GenerationEngineOptions options, string engine, Func<string, bool> exists) =>
        options.ModelPath is { } path && exists(path)
            ? path
            : throw new ModelMissingException(engine, $"set {GenerationEngineOptions.Section}__ModelPath to the {engine} export (now '{options.ModelPath ?? "unset"}')");
}
