using Inpaint.Inference.Generation.Diffusion;
using Inpaint.Inference.Generation;
using Inpaint.Inference.Sessions;
using Inpaint.Shared.Imaging;
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

    [Fact]
    public async Task Soft_inpainting_follows_the_original_by_alpha_and_leaves_alpha_1_to_the_plain_pipeline()
    {
        using var models = TinyDiffusionModels.StableDiffusion(new TinyDiffusionModels.Shape(Width, Height, Static: false));
        using var crop = Crop();
        const long seed = 5;
        var soft = await Trajectory(models, FourSteps, SoftInpaintingTrajectory.Request(crop, seed, soft: true));
        var plain = await Trajectory(models, FourSteps, SoftInpaintingTrajectory.Request(crop, seed, soft: false));

        // The original crop's latents (× 0.18215) and the sample's noise; DDIM re-noises as √ᾱ·x0 + √(1 − ᾱ)·ε.
        var planes = new float[3 * Width * Height];
        PixelPlanes.Write(crop, Width, Height, 1f / 127.5f, -1f, planes);
        var encoded = models.VaeEncoder.Run(new Dictionary<string, TensorData> { ["sample"] = TensorData.FromFloats(planes, 1, 3, Height, Width) }, CancellationToken.None, ["latent_sample"])["latent_sample"];
        var original = LatentChannels.Mean(encoded, 4, 0.18215f, 0f);
        var noise = new float[original.Length];
        GaussianNoise.Fill(noise, seed);
        var ddim = new DdimScheduler(4);
        SoftInpaintingTrajectory.Check(soft, plain, level =>
        {
            var renoised = new float[original.Length];
            ddim.AddNoise(original, noise, level, renoised);
            return renoised;
        }, original, 4);
    }

    [Fact]
    public async Task A_soft_batch_follows_the_same_latents_as_single_runs()
    {
        // Latents, not pixels: the tiny graphs' CPU runs differ in the last bit now and then (SoftInpaintingTrajectory.Tolerance).
        using var models = TinyDiffusionModels.StableDiffusion(new TinyDiffusionModels.Shape(Width, Height, Static: false));
        using var crop = Crop();
        Assert.InRange(await SoftInpaintingTrajectory.BatchVersusSingles(observer => new StableDiffusionInpaint(models, FourSteps) { LatentsObserver = observer }, crop), 0f, SoftInpaintingTrajectory.Tolerance);
    }

    [Fact]
    public async Task Soft_inpainting_off_or_without_an_alpha_is_the_plain_pipeline()
    {
        using var models = TinyDiffusionModels.StableDiffusion(new TinyDiffusionModels.Shape(Width, Height, Static: false));
        using var crop = Crop();
        var off = await Trajectory(models, FourSteps with { SoftInpainting = false }, SoftInpaintingTrajectory.Request(crop, 5, soft: true));
        var plain = await Trajectory(models, FourSteps, SoftInpaintingTrajectory.Request(crop, 5, soft: false));
        var on = await Trajectory(models, FourSteps, SoftInpaintingTrajectory.Request(crop, 5, soft: true));
        Assert.InRange(SoftInpaintingTrajectory.MaxDifference(plain, off), 0f, SoftInpaintingTrajectory.Tolerance);
        Assert.True(SoftInpaintingTrajectory.MaxDifference(plain, on) > 0.1f, "the alpha changed nothing with soft inpainting on");
    }

    [Fact]
    public async Task The_unet_mask_channel_stays_binary_under_a_soft_alpha()
    {
        // Alpha 1 everywhere follows nothing: if the alpha reached the mask channel, the trajectory would change.
        using var models = TinyDiffusionModels.StableDiffusion(new TinyDiffusionModels.Shape(Width, Height, Static: false));
        using var crop = Crop();
        var ones = new MaskPlane(Width, Height);
        Array.Fill(ones.Data, 1f);
        var soft = await Trajectory(models, FourSteps, SoftInpaintingTrajectory.Request(crop, 5, soft: false) with { Alpha = ones });
        var plain = await Trajectory(models, FourSteps, SoftInpaintingTrajectory.Request(crop, 5, soft: false));
        Assert.InRange(SoftInpaintingTrajectory.MaxDifference(plain, soft), 0f, SoftInpaintingTrajectory.Tolerance);
    }

    /// <summary>The latents of every level of one run, [4, h, w].</summary>
    private static async Task<List<float[]>> Trajectory(StableDiffusionModels models, StableDiffusionOptions options, GenerationRequest request)
    {
        var levels = new List<float[]>();
        var engine = new StableDiffusionInpaint(models, options)
        {
            LatentsObserver = (level, latents) =>
            {
                Assert.Equal(levels.Count, level);
                levels.Add(latents.ToArray());
            },
        };
        (await engine.GenerateAsync(request, null, CancellationToken.None)).Dispose();
        return levels;
    }
}
