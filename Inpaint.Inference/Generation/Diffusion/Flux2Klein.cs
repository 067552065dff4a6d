using Inpaint.Inference.Sessions;
using Inpaint.Shared.Generation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>
/// FLUX.2 [klein] reference editing of the working crop, following diffusers' <c>Flux2KleinPipeline</c> with
/// <c>image=[crop]</c>. FLUX.2 has no mask input: the crop, its hole painted neutral grey, is the reference
/// image; the result is composited under our mask afterwards like every engine's.
/// <list type="number">
/// <item>Text: the prompt in Qwen3's chat template (<see cref="Tokenizers.QwenChatTokenizer"/>), padded to 512 →
/// <c>prompt_embeds</c>; <c>txt_ids</c> (0, 0, 0, l).</item>
/// <item>Reference: the crop in [−1, 1] → VAE encoder → normalised latents [1, 128, H/16, W/16] → tokens
/// (row-major, 128 channels), position ids (10, row, col, 0), repeated over the batch.</item>
/// <item>Noise [B, 128, H/16, W/16] from each sample's own seed (seed + i), ids (0, row, col, 0).</item>
/// <item>Flow-matching Euler: σ = linspace(1, 1/steps, steps) shifted by μ = diffusers' <c>compute_empirical_mu</c>
/// (image tokens, steps); per step the transformer gets [noise tokens | reference tokens], σ as
/// <c>timestep</c>, and the prediction for the noise tokens is kept.</item>
/// <item>Decode: tokens back to [B, 128, h, w] → VAE decoder → x/2 + 0.5.</item>
/// </list>
/// No classifier-free guidance: the 4B model is step-distilled (the reference pipeline ignores guidance for it).
/// Crops whose sides are not multiples of 16 are resized to the nearest smaller multiple and back.
/// </summary>
/// <remarks>
/// Creativity (higher = more consistent with the scene, ARCHITECTURE §8) → <c>strength</c>: 1 up to the default
/// 0.85 (fresh noise, the reference pipeline), then <c>1 − 1.2·(c − 0.85)</c> down to 0.7 at 1.1: the start
/// latents are the reference's noised to the first kept σ (<c>σ·noise + (1 − σ)·z</c>) and the first
/// <c>steps − ⌊steps·strength⌋</c> steps are skipped, so more of the scene survives. Monotonic (non-increasing).
/// </remarks>
public sealed class Flux2Klein(Flux2KleinModels models, Flux2KleinOptions? options = null) : IGenerationEngine
{
    private const int Channels = 128;
    private const int IdAxes = 4;
    private const int PixelsPerToken = 16;
    private readonly Flux2KleinOptions _options = options ?? new Flux2KleinOptions();

    public string Name => "flux2-klein";

    public string Model => _options.ModelId;

    /// <summary>A batch is one set of model calls over all its samples.</summary>
    public bool BatchesSamples => true;

    public EngineControls ControlsFor(double creativity) => EngineControls.Create(Name, creativity,
        ("num_inference_steps", _options.Steps),
        ("strength", Strength(creativity)));

    /// <summary>The documented creativity → strength mapping.</summary>
    public static double Strength(double creativity)
    {
        var c = DiffusionBatch.Creativity(creativity);
        return c <= GuidanceMapping.DefaultCreativity ? 1.0 : 1.0 - 1.2 * (c - GuidanceMapping.DefaultCreativity);
    }

    public async Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        (await GenerateBatchAsync([request], progress, cancellationToken).ConfigureAwait(false))[0];

    public Task<IReadOnlyList<Image<Rgba32>>> GenerateBatchAsync(IReadOnlyList<GenerationRequest> requests, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        DiffusionBatch.Validate(requests);
        return Task.Run(() => Generate(requests, progress, cancellationToken), cancellationToken);
    }

    private IReadOnlyList<Image<Rgba32>> Generate(IReadOnlyList<GenerationRequest> requests, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var transformer = models.Transformer;
        var hiddenSpec = transformer.Input("hidden_states");
        if (hiddenSpec.Dimensions.Length != 3 || hiddenSpec.Dimensions[2] != Channels)
            throw new InvalidOperationException($"'{transformer.Name}' is not a FLUX.2 transformer: hidden_states is {hiddenSpec}; FLUX.2 takes [batch, tokens, {Channels}].");
        var output = transformer.HasOutput("noise_pred") ? "noise_pred" : transformer.Outputs[0].Name;

        int b = requests.Count;
        var first = requests[0];
        int width = PixelPlanes.FloorTo(first.Crop.Width, PixelsPerToken), height = PixelPlanes.FloorTo(first.Crop.Height, PixelsPerToken);
        int h = height / PixelsPerToken, w = width / PixelsPerToken, tokens = h * w;
        if (hiddenSpec.Dimensions[1] > 0 && hiddenSpec.Dimensions[1] != 2 * tokens)
            throw new InvalidOperationException($"'{transformer.Name}' fixes hidden_states to {hiddenSpec.Dimensions[1]} tokens; a {width}×{height} crop with its reference needs {2 * tokens}.");

        // 1. Text once, repeated over the batch.
        var (embeds, sequence, textDim) = EncodePrompt(first.Prompt, cancellationToken);
        var embedsBatch = Repeat(embeds, b);
        var textIds = new float[sequence * IdAxes];
        for (int l = 0; l < sequence; l++) textIds[l * IdAxes + 3] = l;

        // 2. Reference: the crop with its hole in neutral grey, encoded once.
        var pixels = new float[3 * width * height];
        PixelPlanes.Write(first.Crop, width, height, 1f / 127.5f, -1f, pixels);
        var hole = PixelPlanes.BinaryMask(first.Mask, width, height);
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < hole.Length; p++)
                if (hole[p] > 0f) pixels[c * hole.Length + p] = 0f;
        var reference = ToTokens(EncodeImage(pixels, height, width, h, w, cancellationToken), 1, h, w);

        // 3. Noise from each sample's own seed, in token layout.
        int latentSize = Channels * tokens;
        var noise = new float[b * latentSize];
        for (int i = 0; i < b; i++)
            GaussianNoise.Fill(noise.AsSpan(i * latentSize, latentSize), requests[i].Seed);
        var latents = ToTokens(noise, b, h, w);

        // 4. Schedule, trimmed by strength; the start latents are the reference noised to the first kept σ.
        var scheduler = new FlowMatchEulerScheduler(_options.Steps, tokens, EmpiricalMu(tokens, _options.Steps), EmpiricalMu(tokens, _options.Steps));
        int steps = scheduler.Timesteps.Count;
        double strength = Strength(first.Creativity);
        int start = steps - Math.Max(1, Math.Min(steps, (int)(steps * strength)));
        if (start > 0)
        {
            for (int i = 0; i < b; i++)
                scheduler.AddNoise(reference, latents.AsSpan(i * latentSize, latentSize), start, latents.AsSpan(i * latentSize, latentSize));
        }

        var ids = new float[b * 2 * tokens * IdAxes];
        for (int i = 0; i < b; i++)
        {
            for (int t = 0; t < tokens; t++)
            {
                int row = t / w, col = t % w;
                var own = ids.AsSpan((i * 2 * tokens + t) * IdAxes, IdAxes);
                own[1] = row;
                own[2] = col;
                var refIds = ids.AsSpan((i * 2 * tokens + tokens + t) * IdAxes, IdAxes);
                refIds[0] = _options.ReferenceTime;
                refIds[1] = row;
                refIds[2] = col;
            }
        }
        var imageIds = TensorData.FromFloats(ids, b, 2 * tokens, IdAxes);
        var textIdTensor = TensorData.FromFloats(Repeat(textIds, b), b, sequence, IdAxes);
        var timestepSpec = transformer.Input("timestep");
        var hidden = new float[b * 2 * tokens * Channels];
        for (int i = 0; i < b; i++)
            reference.CopyTo(hidden.AsSpan((i * 2 * tokens + tokens) * Channels, latentSize));

        int total = steps - start;
        for (int k = start; k < steps; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < b; i++)
                latents.AsSpan(i * latentSize, latentSize).CopyTo(hidden.AsSpan(i * 2 * tokens * Channels, latentSize));
            var inputs = new Dictionary<string, TensorData>
            {
                ["hidden_states"] = TensorData.FromFloats(hidden, b, 2 * tokens, Channels),
                ["encoder_hidden_states"] = TensorData.FromFloats(embedsBatch, b, sequence, textDim),
                ["timestep"] = StableDiffusionInpaint.Timestep(timestepSpec, scheduler.Timesteps[k] / 1000.0, b),
                ["img_ids"] = imageIds,
                ["txt_ids"] = textIdTensor,
            };
            if (transformer.HasInput("guidance"))
                inputs["guidance"] = StableDiffusionInpaint.Timestep(transformer.Input("guidance"), 1.0, b);
            var prediction = transformer.Run(inputs, cancellationToken, [output])[output].AsFloats();
            // Keep the noise tokens' prediction; the reference tokens' is discarded (noise_pred[:, :S]).
            var velocity = new float[b * latentSize];
            for (int i = 0; i < b; i++)
                prediction.AsSpan(i * 2 * latentSize, latentSize).CopyTo(velocity.AsSpan(i * latentSize, latentSize));
            scheduler.Step(velocity, k, latents);
            progress?.Report(new GenerationProgress(k - start + 1, total));
        }

        // 5. Decode each sample.
        var decoder = models.VaeDecoder;
        var decoderInput = decoder.Inputs[0].Name;
        var decoderOutput = decoder.Outputs[0].Name;
        var results = new List<Image<Rgba32>>(b);
        for (int i = 0; i < b; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var z = FromTokens(latents.AsSpan(i * latentSize, latentSize), h, w);
            var decoded = decoder.Run(new Dictionary<string, TensorData>
            {
                [decoderInput] = TensorData.FromFloats(z, 1, Channels, h, w),
            }, cancellationToken, [decoderOutput])[decoderOutput].AsFloats();
            results.Add(PixelPlanes.Read(decoded, width, height, 127.5f, 127.5f, requests[i].Crop.Width, requests[i].Crop.Height));
        }
        return results;
    }

    /// <summary>diffusers' <c>compute_empirical_mu</c> for FLUX.2: a fit of the best shift to sequence length and steps.</summary>
    public static double EmpiricalMu(int imageSequenceLength, int steps)
    {
        const double a1 = 8.73809524e-05, b1 = 1.89833333, a2 = 0.00016927, b2 = 0.45666666;
        if (imageSequenceLength > 4300) return a2 * imageSequenceLength + b2;
        double m200 = a2 * imageSequenceLength + b2, m10 = a1 * imageSequenceLength + b1;
        double a = (m200 - m10) / 190.0;
        return a * steps + (m200 - 200.0 * a);
    }

    private (float[] Embeds, int Sequence, int Dim) EncodePrompt(string prompt, CancellationToken cancellationToken)
    {
        var encoder = models.TextEncoder;
        var declared = encoder.Input("input_ids").Dimensions;
        var fromTransformer = models.Transformer.Input("encoder_hidden_states").Dimensions[1];
        int sequence = declared.Length == 2 && declared[1] > 0 ? (int)declared[1]
            : fromTransformer > 0 ? (int)fromTransformer
            : _options.MaxSequenceLength;
        var (ids, mask) = models.Tokenizer.Encode(prompt, sequence);
        var inputs = new Dictionary<string, TensorData> { ["input_ids"] = TensorData.FromInt64s(ids, 1, sequence) };
        if (encoder.HasInput("attention_mask")) inputs["attention_mask"] = TensorData.FromInt64s(mask, 1, sequence);
        var output = encoder.HasOutput("prompt_embeds") ? "prompt_embeds" : encoder.Outputs[0].Name;
        var embeds = encoder.Run(inputs, cancellationToken, [output])[output].AsFloats();
        return (embeds, sequence, embeds.Length / sequence);
    }

    private float[] EncodeImage(float[] pixels, int height, int width, int h, int w, CancellationToken cancellationToken)
    {
        var encoder = models.VaeEncoder;
        var input = encoder.Inputs[0].Name;
        var output = encoder.Outputs[0].Name;
        var latents = encoder.Run(new Dictionary<string, TensorData>
        {
            [input] = TensorData.FromFloats(pixels, 1, 3, height, width),
        }, cancellationToken, [output])[output];
        if (latents.Length != Channels * h * w)
            throw new InvalidOperationException($"'{encoder.Name}' returns {latents}; FLUX.2 klein needs the normalised, patchified latents [1, {Channels}, {h}, {w}] for a {width}×{height} crop.");
        return latents.AsFloats();
    }

    /// <summary>[B, C, h, w] → [B, h·w, C] (diffusers <c>_pack_latents</c>: reshape and permute, token = row·w + col).</summary>
    private static float[] ToTokens(ReadOnlySpan<float> latents, int batch, int h, int w)
    {
        int tokens = h * w;
        var packed = new float[batch * tokens * Channels];
        for (int i = 0; i < batch; i++)
            for (int c = 0; c < Channels; c++)
                for (int t = 0; t < tokens; t++)
                    packed[(i * tokens + t) * Channels + c] = latents[(i * Channels + c) * tokens + t];
        return packed;
    }

    private static float[] FromTokens(ReadOnlySpan<float> packed, int h, int w)
    {
        int tokens = h * w;
        var latents = new float[Channels * tokens];
        for (int c = 0; c < Channels; c++)
            for (int t = 0; t < tokens; t++)
                latents[c * tokens + t] = packed[t * Channels + c];
        return latents;
    }

    private static float[] Repeat(float[] values, int times)
    {
        var result = new float[values.Length * times];
        for (int i = 0; i < times; i++) values.CopyTo(result, i * values.Length);
        return result;
    }
}
