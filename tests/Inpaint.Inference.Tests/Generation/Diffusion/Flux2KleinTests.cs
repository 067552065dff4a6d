using Inpaint.Testing;
using Inpaint.Inference.Generation.Diffusion;
using Inpaint.Shared.Generation;
using Inpaint.Inference.Tokenizers;
using SixLabors.ImageSharp.Processing;
using static Inpaint.Inference.Tests.Generation.Diffusion.DiffusionTestImages;

namespace Inpaint.Inference.Tests.Generation.Diffusion;

public sealed class Flux2KleinTests : DiffusionEngineContract<Flux2KleinModels>
{
    protected override Flux2KleinModels LoadModels() => TinyFlux2KleinModels.Load();

    protected override IGenerationEngine FourStepEngine(Flux2KleinModels models) => new Flux2Klein(models, new Flux2KleinOptions { Steps = 4 });

    [Fact]
    public async Task Runs_end_to_end_at_the_crop_size_and_the_prompt_reaches_the_model()
    {
        using var models = TinyFlux2KleinModels.Load();
        using var crop = Crop(); // 64×48: 4×3 tokens of 16 px
        var engine = new Flux2Klein(models);
        using var cat = await engine.GenerateAsync(Request(crop, 1, prompt: "a cat"), null, CancellationToken.None);
        using var hat = await engine.GenerateAsync(Request(crop, 1, prompt: "a red hat"), null, CancellationToken.None);
        Assert.Equal((Width, Height), (cat.Width, cat.Height));
        Assert.False(TestImages.SamePixels(cat, hat));
    }

    [Fact]
    public async Task The_reference_crop_reaches_the_model()
    {
        using var models = TinyFlux2KleinModels.Load();
        using var crop = Crop();
        using var other = Crop();
        other.Mutate(c => c.Invert());
        var engine = new Flux2Klein(models);
        using var a = await engine.GenerateAsync(Request(crop, 3), null, CancellationToken.None);
        using var b = await engine.GenerateAsync(Request(other, 3), null, CancellationToken.None);
        Assert.False(TestImages.SamePixels(a, b));
    }

    [Fact]
    public void Creativity_maps_to_strength_monotonically_and_the_default_is_the_reference_pipeline()
    {
        using var models = TinyFlux2KleinModels.Load();
        var engine = new Flux2Klein(models);
        Assert.Equal(1.0, engine.ControlsFor(0.85)["strength"]);
        Assert.Equal(4, engine.ControlsFor(0.85)["num_inference_steps"]);
        Assert.Equal(0.7, engine.ControlsFor(1.1)["strength"], 12);
        double previous = double.PositiveInfinity;
        for (double c = 0; c <= 1.1001; c += 0.05)
        {
            double s = engine.ControlsFor(c)["strength"];
            Assert.True(s <= previous, $"strength {s} at creativity {c} rose above {previous}");
            previous = s;
        }
    }

    [Fact]
    public void Prompt_tokens_follow_qwens_chat_template_padded_with_endoftext()
    {
        using var tokenizer = QwenChatTokenizer.FromFile(TinyFlux2KleinModels.TokenizerFile());
        var (ids, mask) = tokenizer.Encode("a cat", 80); // the template alone is 62 byte tokens
        var text = QwenChatTokenizer.Template("a cat");
        Assert.StartsWith("<|im_start|>user\na cat<|im_end|>\n<|im_start|>assistant\n", text);
        Assert.Equal(257, ids[0]); // <|im_start|>
        Assert.Equal('u', ids[1]);
        Assert.Equal(256, ids[^1]); // padding is <|endoftext|>
        Assert.Equal(0, mask[^1]);
        Assert.Equal(1, mask[0]);
    }

    [Fact]
    public void The_empirical_shift_is_diffusers_fit()
    {
        // compute_empirical_mu: above 4300 tokens the linear fit a2·L + b2.
        Assert.Equal(0.00016927 * 4608 + 0.45666666, Flux2Klein.EmpiricalMu(4608, 4), 12);
        // At 200 steps the two fits meet at m_200.
        Assert.Equal(0.00016927 * 1024 + 0.45666666, Flux2Klein.EmpiricalMu(1024, 200), 9);
    }

    [Fact]
    public async Task A_transformer_that_is_not_flux2_is_refused_naming_the_shape()
    {
        using var models = TinyFlux2KleinModels.Load(channels: 64);
        using var crop = Crop();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new Flux2Klein(models).GenerateAsync(Request(crop, 1), null, CancellationToken.None));
        Assert.Contains("128", ex.Message);
    }

    [Fact]
    public async Task A_vae_without_normalised_128_channel_latents_is_refused()
    {
        using var models = TinyFlux2KleinModels.Load(vaeChannels: 32);
        using var crop = Crop();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new Flux2Klein(models).GenerateAsync(Request(crop, 1), null, CancellationToken.None));
        Assert.Contains("128", ex.Message);
    }
}
