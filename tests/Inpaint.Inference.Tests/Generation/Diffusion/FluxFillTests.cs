using Inpaint.Inference.Generation.Diffusion;
using Inpaint.Inference.Generation;
using Inpaint.Inference.Sessions;
using Inpaint.Shared.Imaging;
using Inpaint.Inference.Tests.TinyModels;
using Inpaint.Shared.Generation;
using Inpaint.Testing;
using static Inpaint.Inference.Tests.Generation.Diffusion.DiffusionTestImages;

namespace Inpaint.Inference.Tests.Generation.Diffusion;

public sealed class FluxFillTests : DiffusionEngineContract<FluxFillModels>
{
    protected override FluxFillModels LoadModels() => TinyDiffusionModels.Flux(new TinyDiffusionModels.Shape(Width, Height, Static: false));

    protected override IGenerationEngine FourStepEngine(FluxFillModels models) => new FluxFill(models, FourSteps);

    private static readonly FluxFillOptions FourSteps = new() { Steps = 4, MaxSequenceLength = 16 };

    [Theory]
    [InlineData(false)] // BFL / TensorRT names: pooled_embeddings, text_embeddings, latent, images
    [InlineData(true)]  // Optimum names: pooler_output, last_hidden_state, out_hidden_states, latent_parameters, sample
    public async Task Runs_end_to_end_on_exports_with_fixed_shapes_at_every_stage(bool optimum)
    {
        using var models = TinyDiffusionModels.Flux(new TinyDiffusionModels.Shape(Width, Height, Static: true), optimum: optimum);
        using var crop = Crop();
        using var result = await new FluxFill(models, FourSteps).GenerateAsync(Request(crop, 1), null, CancellationToken.None);
        Assert.Equal(Width, result.Width);
        Assert.Equal(Height, result.Height);
        Assert.False(TestImages.SamePixels(crop, result));
    }

    [Theory]
    [InlineData(Onnx.TensorProto.Types.DataType.Bfloat16)]
    [InlineData(Onnx.TensorProto.Types.DataType.Float16)]
    public async Task Half_precision_transformer_io_is_cast_from_the_declared_types(Onnx.TensorProto.Types.DataType type)
    {
        using var models = TinyDiffusionModels.Flux(new TinyDiffusionModels.Shape(Width, Height, Static: true), transformerIo: type);
        using var fp32 = TinyDiffusionModels.Flux(new TinyDiffusionModels.Shape(Width, Height, Static: true));
        using var crop = Crop();
        using var half = await new FluxFill(models, FourSteps).GenerateAsync(Request(crop, 5), null, CancellationToken.None);
        using var full = await new FluxFill(fp32, FourSteps).GenerateAsync(Request(crop, 5), null, CancellationToken.None);
        // Same computation, rounded at the I/O: the images agree to within a few grey levels.
        int worst = 0;
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                worst = Math.Max(worst, Math.Abs(half[x, y].R - full[x, y].R));
        Assert.InRange(worst, 0, 6);
    }

    [Fact]
    public async Task A_transformer_without_the_384_channel_fill_input_is_refused()
    {
        using var models = TinyDiffusionModels.Flux(new TinyDiffusionModels.Shape(Width, Height, Static: false), channels: 64);
        using var crop = Crop();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new FluxFill(models, FourSteps).GenerateAsync(Request(crop, 1), null, CancellationToken.None));
        Assert.Contains("384", ex.Message);
    }

    [Fact]
    public void Creativity_lowers_guidance_monotonically_and_default_is_the_reference()
    {
        using var models = TinyDiffusionModels.Flux(new TinyDiffusionModels.Shape(Width, Height, Static: false));
        var engine = new FluxFill(models);
        Assert.Equal(30, engine.ControlsFor(0.85)["guidance_scale"], 12);
        Assert.Equal(50, engine.ControlsFor(0.85)["num_inference_steps"]);
        double previous = double.PositiveInfinity;
        for (double c = 0; c <= 1.1001; c += 0.05)
        {
            double g = engine.ControlsFor(c)["guidance_scale"];
            Assert.True(g < previous, $"guidance {g} at creativity {c} is not below {previous}");
            previous = g;
        }
    }

    [Fact]
    public void Flow_match_schedule_applies_the_resolution_dependent_shift()
    {
        // 1024² → L = 4096 packed tokens → μ = max_shift = 1.15 exactly.
        var s = new FlowMatchEulerScheduler(50, 4096);
        Assert.Equal(1.15, s.Mu, 12);
        Assert.Equal(1000, s.Timesteps[0], 9); // σ = 1 stays 1 under any shift
        double sigma = 1 + (1.0 / 50 - 1) * 1 / 49;   // second unshifted σ
        double shifted = Math.Exp(1.15) / (Math.Exp(1.15) + (1 / sigma - 1));
        Assert.Equal(shifted * 1000, s.Timesteps[1], 9);
        Assert.Equal(0, s.Sigmas[^1]);
        // 256 tokens (512²) → μ = base_shift = 0.5.
        Assert.Equal(0.5, new FlowMatchEulerScheduler(50, 256).Mu, 12);
    }

    [Fact]
    public void Packing_follows_diffusers_layout_and_round_trips()
    {
        // [1, 2, 4, 4] with value = c·100 + y·10 + x.
        const int c = 2, h = 4, w = 4;
        var latents = new float[c * h * w];
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    latents[(ch * h + y) * w + x] = ch * 100 + y * 10 + x;
        var packed = LatentPacking.Pack(latents, 1, c, h, w);
        // Token (i=1, j=0) = latent rows 2–3, columns 0–1; channel c·4 + dy·2 + dx.
        int token = 1 * (w / 2) + 0;
        Assert.Equal(1 * 100 + 3 * 10 + 1, packed[token * 8 + 1 * 4 + 1 * 2 + 1]);
        Assert.Equal(0 * 100 + 2 * 10 + 0, packed[token * 8 + 0]);
        Assert.Equal(latents, LatentPacking.Unpack(packed, 1, c, h, w));
    }

    [Fact]
    public void Mask_blocks_become_64_channels_in_row_major_pixel_order()
    {
        // 16×8 pixel mask → h = 1, w = 2 latents; pixel (py, px) of block (0, 1) → channel py·8 + px.
        var mask = new float[8 * 16];
        mask[3 * 16 + 8 + 5] = 1f; // row 3, column 13 = block x 1, px 5
        var channels = LatentPacking.MaskToChannels(mask, 1, 2);
        Assert.Equal(1f, channels[(3 * 8 + 5) * 2 + 1]);
        Assert.Equal(1f, channels.Sum());
    }

    [Fact]
    public void Image_ids_count_rows_and_columns_of_the_packed_grid()
    {
        var ids = LatentPacking.ImageIds(6, 8); // 3 × 4 tokens
        Assert.Equal(12 * 3, ids.Length);
        Assert.Equal([0f, 2f, 3f], ids.AsSpan(11 * 3, 3).ToArray());
        Assert.Equal([0f, 1f, 0f], ids.AsSpan(4 * 3, 3).ToArray());
    }

    [Fact]
    public void T5_unigram_tokenizer_prefers_likely_pieces_and_ends_with_eos()
    {
        var t5 = TinyDiffusionModels.T5();
        // "a cat" → ▁a ▁cat </s>; "redhat" → ▁red hat </s>; "q!" → ▁ q <unk> </s>
        var cat = t5.Encode("a  cat");
        Assert.Equal(3, cat.Count);
        Assert.Equal(t5.EndId, cat[^1]);
        var padded = t5.EncodePadded("redhat", 6);
        Assert.Equal(6, padded.Length);
        Assert.Equal(t5.EndId, padded[2]);
        Assert.Equal([0L, 0L, 0L], padded[3..]);
        Assert.Contains(t5.UnknownId, t5.Encode("q!"));
    }

    [Fact]
    public async Task Soft_inpainting_follows_the_original_by_alpha_and_leaves_alpha_1_to_the_plain_pipeline()
    {
        using var models = TinyDiffusionModels.Flux(new TinyDiffusionModels.Shape(Width, Height, Static: false));
        using var crop = Crop();
        const long seed = 5;
        var soft = await Trajectory(models, FourSteps, SoftInpaintingTrajectory.Request(crop, seed, soft: true));
        var plain = await Trajectory(models, FourSteps, SoftInpaintingTrajectory.Request(crop, seed, soft: false));

        // The original crop's latents, (z − 0.1159)·0.3611, and the sample's noise; flow matching re-noises as (1 − σ)·x0 + σ·ε.
        var planes = new float[3 * Width * Height];
        PixelPlanes.Write(crop, Width, Height, 1f / 127.5f, -1f, planes);
        var encoded = models.VaeEncoder.Run(new Dictionary<string, TensorData> { ["sample"] = TensorData.FromFloats(planes, 1, 3, Height, Width) }, CancellationToken.None, ["latent_sample"])["latent_sample"];
        var original = LatentChannels.Mean(encoded, 16, 0.3611f, 0.1159f);
        var noise = new float[original.Length];
        GaussianNoise.Fill(noise, seed);
        var sigmas = new FlowMatchEulerScheduler(4, Width / 16 * (Height / 16)).Sigmas;
        SoftInpaintingTrajectory.Check(soft, plain, level =>
            original.Select((x0, e) => (float)sigmas[level] * noise[e] + (1 - (float)sigmas[level]) * x0).ToArray(), original, 16);
    }

    [Fact]
    public async Task A_soft_batch_follows_the_same_latents_as_single_runs()
    {
        // Latents, not pixels: the tiny graphs' CPU runs differ in the last bit now and then (SoftInpaintingTrajectory.Tolerance).
        using var models = TinyDiffusionModels.Flux(new TinyDiffusionModels.Shape(Width, Height, Static: false));
        using var crop = Crop();
        Assert.InRange(await SoftInpaintingTrajectory.BatchVersusSingles(observer => new FluxFill(models, FourSteps) { LatentsObserver = observer }, crop), 0f, SoftInpaintingTrajectory.Tolerance);
    }

    [Fact]
    public async Task Soft_inpainting_off_or_without_an_alpha_is_the_plain_pipeline()
    {
        using var models = TinyDiffusionModels.Flux(new TinyDiffusionModels.Shape(Width, Height, Static: false));
        using var crop = Crop();
        var off = await Trajectory(models, FourSteps with { SoftInpainting = false }, SoftInpaintingTrajectory.Request(crop, 5, soft: true));
        var plain = await Trajectory(models, FourSteps, SoftInpaintingTrajectory.Request(crop, 5, soft: false));
        var on = await Trajectory(models, FourSteps, SoftInpaintingTrajectory.Request(crop, 5, soft: true));
        Assert.InRange(SoftInpaintingTrajectory.MaxDifference(plain, off), 0f, SoftInpaintingTrajectory.Tolerance);
        Assert.True(SoftInpaintingTrajectory.MaxDifference(plain, on) > 0.1f, "the alpha changed nothing with soft inpainting on");
    }

    [Fact]
    public async Task The_region_is_generated_whole_where_its_alpha_is_below_1()
    {
        // A feather reaches into the region, but the region's pixels are hidden: no original to follow there.
        using var models = TinyDiffusionModels.Flux(new TinyDiffusionModels.Shape(Width, Height, Static: false));
        using var crop = Crop();
        var half = new MaskPlane(Width, Height);
        Array.Fill(half.Data, 0.5f);
        var soft = await Trajectory(models, FourSteps, SoftInpaintingTrajectory.Request(crop, 5, soft: false) with { Alpha = half });
        var plain = await Trajectory(models, FourSteps, SoftInpaintingTrajectory.Request(crop, 5, soft: false));
        int h = Height / 8, w = Width / 8;
        for (int level = 0; level < soft.Count; level++)
            for (int e = 0; e < soft[level].Length; e++)
            {
                float difference = Math.Abs(soft[level][e] - plain[level][e]);
                if (e % w >= 5) Assert.True(difference <= SoftInpaintingTrajectory.Tolerance, $"region element {e} is {difference} from the plain pipeline at level {level}");
            }
        Assert.True(Enumerable.Range(0, 16 * h).Max(row => Math.Abs(soft[^1][row * w] - plain[^1][row * w])) > 0.1f, "the feather outside the region was not softened");
    }

    /// <summary>The latents of every level of one run, unpacked to [16, h, w].</summary>
    private static async Task<List<float[]>> Trajectory(FluxFillModels models, FluxFillOptions options, GenerationRequest request)
    {
        var levels = new List<float[]>();
        var engine = new FluxFill(models, options)
        {
            LatentsObserver = (level, latents) =>
            {
                Assert.Equal(levels.Count, level);
                levels.Add(LatentPacking.Unpack(latents, 1, 16, Height / 8, Width / 8));
            },
        };
        (await engine.GenerateAsync(request, null, CancellationToken.None)).Dispose();
        return levels;
    }
}
