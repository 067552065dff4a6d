using Inpaint.Inference.Generation.Diffusion;
using Inpaint.Inference.Generation;
using Inpaint.Inference.Tests.TinyModels;
using Inpaint.Shared.Generation;
using Inpaint.Testing;
using static Inpaint.Inference.Tests.Generation.Diffusion.DiffusionTestImages;

namespace Inpaint.Inference.Tests.Generation.Diffusion;

public sealed class StableDiffusionInpaintTests : DiffusionEngineContract<StableDiffusionModels>
{
    protected override StableDiffusionModels LoadModels() => TinyDiffusionModels.StableDiffusion(new TinyDiffusionModels.Shape(Width, Height, Static: false));

    protected override IGenerationEngine FourStepEngine(StableDiffusionModels models) => new StableDiffusionInpaint(models, FourSteps);

    private static readonly StableDiffusionOptions FourSteps = new() { Steps = 4 };

    [Theory]
    [InlineData(false, false)] // diffusers script: int32 ids, float [1] timestep, latent_sample
    [InlineData(true, false)]  // Optimum: int64 ids, int64 scalar timestep, latent_parameters
    [InlineData(true, true)]   // fp16 UNet I/O
    public async Task Runs_end_to_end_on_exports_with_fixed_shapes_at_every_stage(bool optimum, bool half)
    {
        // Every dimension declared: ORT refuses any stage whose tensor has another shape or type.
        using var models = TinyDiffusionModels.StableDiffusion(new TinyDiffusionModels.Shape(Width, Height, Static: true), optimum: optimum, half: half);
        using var crop = Crop();
        using var result = await new StableDiffusionInpaint(models, FourSteps).GenerateAsync(Request(crop, 1), null, CancellationToken.None);
        Assert.Equal(Width, result.Width);
        Assert.Equal(Height, result.Height);
        Assert.False(TestImages.SamePixels(crop, result));
    }

    [Fact]
    public void Creativity_lowers_guidance_monotonically_and_default_is_the_reference()
    {
        using var models = TinyDiffusionModels.StableDiffusion(new TinyDiffusionModels.Shape(Width, Height, Static: false));
        var engine = new StableDiffusionInpaint(models);
        Assert.Equal(7.5, engine.ControlsFor(0.85)["guidance_scale"], 12);
        Assert.Equal(50, engine.ControlsFor(0.85)["num_inference_steps"]);
        double previous = double.PositiveInfinity;
        for (double c = 0; c <= 1.1001; c += 0.05)
        {
            double g = engine.ControlsFor(c)["guidance_scale"];
            Assert.True(g < previous, $"guidance {g} at creativity {c} is not below {previous}");
            Assert.True(g > 0);
            previous = g;
        }
    }

    [Fact]
    public void Ddim_timesteps_match_diffusers_leading_spacing_with_offset()
    {
        var ddim = new DdimScheduler(50);
        Assert.Equal(981, ddim.Timesteps[0]);
        Assert.Equal(961, ddim.Timesteps[1]);
        Assert.Equal(1, ddim.Timesteps[^1]);
    }

    [Fact]
    public void Ddim_step_with_the_true_noise_recovers_the_clean_sample_at_the_end()
    {
        // x_t = √ᾱ·x0 + √(1−ᾱ)·ε; a model that predicts ε exactly must walk back to x0 (up to ᾱ_final).
        var ddim = new DdimScheduler(10);
        float[] x0 = [0.5f, -0.25f, 1f];
        float[] eps = [0.3f, -1.2f, 0.7f];
        var x = new float[3];
        ddim.AddNoise(x0, eps, 0, x);
        for (int k = 0; k < 10; k++) ddim.Step(eps, k, x);
        // The last step lands at ᾱ_final = ᾱ_0 (set_alpha_to_one false): √ᾱ0·x0 + √(1−ᾱ0)·ε.
        double a0 = 1 - 0.00085;
        for (int i = 0; i < 3; i++)
            Assert.Equal(Math.Sqrt(a0) * x0[i] + Math.Sqrt(1 - a0) * eps[i], x[i], 4);
    }
}
