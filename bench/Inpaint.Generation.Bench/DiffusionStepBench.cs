using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Inpaint.Inference.Generation.Diffusion;
using Inpaint.Inference.Sessions;
using Inpaint.Inference.Tests.Generation.Diffusion;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Generation.Bench;

/// <summary>
/// Per-step cost of each diffusion pipeline outside the model: tiny models with the real exports' I/O
/// names and real tensor sizes (SD at 512²: UNet [2,9,64,64], text [2,77,768]; FLUX.1 Fill at 1024²:
/// transformer [1,4096,384], T5 [1,512,4096], pooled [1,768]). <c>Pipeline_1</c> and <c>Pipeline_21</c> run the
/// whole pipeline with 1 and 21 steps: (t21 − t1)/20 is the cost of one step. <c>DenoiserCall</c> is one bare
/// <see cref="ModelSession.Run"/> of the tiny denoiser with the same inputs (ORT + the graph's few ops);
/// per-step overhead of ours = per-step − denoiser call. <see cref="Soft"/> adds a feathered alpha
/// (differential diffusion: one more VAE encode, a blend per step).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 7)]
public class DiffusionStepBench
{
    private Image<Rgba32> _crop = null!;
    private MaskPlane _mask = null!;
    private StableDiffusionModels? _sd;
    private FluxFillModels? _flux;
    private Dictionary<string, TensorData> _denoiserInputs = null!;

    [Params("sd-512", "flux-1024")]
    public string Case { get; set; } = "";

    /// <summary>With a feathered alpha (the mask blurred with σ = 24 px): soft inpainting's extra encode and per-step blend.</summary>
    [Params(false, true)]
    public bool Soft { get; set; }

    private MaskPlane? _alpha;

    [GlobalSetup]
    public void Setup()
    {
        int side = Case == "sd-512" ? 512 : 1024;
        _crop = new Image<Rgba32>(side, side, new Rgba32(120, 130, 140));
        _mask = new MaskPlane(side, side);
        for (int y = side / 4; y < 3 * side / 4; y++)
            for (int x = side / 4; x < 3 * side / 4; x++)
                _mask[x, y] = 1f;
        _alpha = Soft ? MaskOps.Blur(_mask, 24) : null;
        var shape = new TinyDiffusionModels.Shape(side, side, Static: false);
        if (Case == "sd-512")
        {
            _sd = TinyDiffusionModels.StableDiffusion(shape, textDim: 768);
            int l = side / 8;
            _denoiserInputs = new()
            {
                ["sample"] = TensorData.FromFloats(new float[2 * 9 * l * l], 2, 9, l, l),
                ["timestep"] = TensorData.FromFloats([500f], 1),
                ["encoder_hidden_states"] = TensorData.FromFloats(new float[2 * 77 * 768], 2, 77, 768),
            };
        }
        else
        {
            _flux = TinyDiffusionModels.Flux(shape, sequence: 512, textDim: 4096, pooledDim: 768);
            int tokens = side / 16 * (side / 16);
            _denoiserInputs = new()
            {
                ["hidden_states"] = TensorData.FromFloats(new float[tokens * 384], 1, tokens, 384),
                ["encoder_hidden_states"] = TensorData.FromFloats(new float[512 * 4096], 1, 512, 4096),
                ["pooled_projections"] = TensorData.FromFloats(new float[768], 1, 768),
                ["timestep"] = TensorData.FromFloats([0.5f], 1),
                ["img_ids"] = TensorData.FromFloats(new float[tokens * 3], tokens, 3),
                ["txt_ids"] = TensorData.FromFloats(new float[512 * 3], 512, 3),
                ["guidance"] = TensorData.FromFloats([30f], 1),
            };
        }
    }

    [Benchmark]
    public void Pipeline_1() => Run(1);

    [Benchmark]
    public void Pipeline_21() => Run(21);

    [Benchmark]
    public void DenoiserCall() => (_sd?.Unet ?? _flux!.Transformer).Run(_denoiserInputs);

    private void Run(int steps)
    {
        var request = new GenerationRequest(_crop, _mask, "a cat", 0.85, 1, _alpha);
        var engine = _sd is not null
            ? (IGenerationEngine)new StableDiffusionInpaint(_sd, new StableDiffusionOptions { Steps = steps })
            : new FluxFill(_flux!, new FluxFillOptions { Steps = steps });
        engine.GenerateAsync(request, null, CancellationToken.None).GetAwaiter().GetResult().Dispose();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _crop.Dispose();
        _sd?.Dispose();
        _flux?.Dispose();
    }
}
