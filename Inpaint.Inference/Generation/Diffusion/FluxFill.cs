using Inpaint.Inference.Generation;
using Inpaint.Inference.Sessions;
using Inpaint.Shared.Generation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>
/// FLUX.1 Fill [dev] on ONNX Runtime, following diffusers' <c>FluxFillPipeline</c> (MODELS.md §5): CLIP-L
/// pooled output → <c>pooled_projections</c>; T5 hidden states → <c>encoder_hidden_states</c>; the masked
/// image (<c>image·(1 − mask)</c>, [−1, 1]) VAE-encoded, <c>(z − 0.1159)·0.3611</c>, packed to 64 channels;
/// the binary mask as 8×8 pixel blocks → 64 channels → packed to 256; per step the transformer gets
/// <c>[latents 64 | masked latents 64 | mask 256]</c> = 384 channels, <c>timestep</c> = σ, <c>guidance</c>,
/// <c>img_ids</c> (0, row, col) and zero <c>txt_ids</c>; flow-matching Euler with the resolution-dependent
/// shift; decode by unpacking, <c>z/0.3611 + 0.1159</c>, VAE decoder, x/2 + 0.5. No classifier-free batch
/// doubling (the model is guidance-distilled). Output names <c>latent</c> (BFL/TensorRT) and
/// <c>out_hidden_states</c> (Optimum) are both accepted, as are either VAE naming.
/// Soft inpainting (on by default, <see cref="FluxFillOptions.SoftInpainting"/>): with a request's feathered
/// <see cref="GenerationRequest.Alpha"/>, the original crop is encoded too and, after every step, each packed
/// latent element still inside its alpha's share follows that original re-noised to the step's σ
/// (<see cref="DifferentialDiffusion"/>), so the feather is generated, not only blended; the transformer's mask
/// input stays the binary mask.
/// </summary>
/// <remarks>
/// Creativity → <c>guidance</c> by <see cref="GuidanceMapping"/> (30 at 0.85); steps fixed by options;
/// <c>strength</c> 1 (fresh latents, as the reference). The masked image's latents use the VAE's mean
/// rather than a sample of its distribution (deterministic; the reference samples with the generator).
/// Crops whose sides are not multiples of 16 are resized to the nearest smaller multiple and back.
/// </remarks>
public sealed class FluxFill(FluxFillModels models, FluxFillOptions? options = null) : DiffusionEngine
{
    private const int LatentChannels16 = 16;
    private const int ClipLength = 77;
    private readonly FluxFillOptions _options = options ?? new FluxFillOptions();

    public override string Name => "flux-fill";

    public override string Model => _options.ModelId;

    protected override double GuidanceScale => _options.GuidanceScale;

    protected override int Steps => _options.Steps;

    protected override IReadOnlyList<Image<Rgba32>> Generate(IReadOnlyList<GenerationRequest> requests, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var transformer = models.Transformer;
        var hiddenSpec = transformer.Input("hidden_states");
        if (hiddenSpec.Dimensions.Length != 3 || hiddenSpec.Dimensions[2] != 384)
            throw new InvalidOperationException($"'{transformer.Name}' is not a FLUX.1 Fill transformer: hidden_states is {hiddenSpec}, Fill needs 384 channels (64 would be dev/schnell, 128 Depth/Canny).");

        int b = requests.Count;
        var first = requests[0];
        int width = PixelPlanes.FloorTo(first.Crop.Width, 16), height = PixelPlanes.FloorTo(first.Crop.Height, 16);
        int lh = height / 8, lw = width / 8, tokens = lh / 2 * (lw / 2);
        float guidance = (float)ControlsFor(first.Creativity)["guidance_scale"];
        float scale = (float)_options.VaeScale, shift = (float)_options.VaeShift;

        // 1. Text: both encoders once for the prompt, repeated over the batch.
        var pooled = EncodePooled(first.Prompt, cancellationToken);
        int pooledDim = pooled.Length;
        int sequence = Sequence();
        var t5 = EncodeT5(first.Prompt, sequence, cancellationToken);
        int t5Dim = t5.Length / sequence;
        var pooledBatch = Repeat(pooled, b);
        var t5Batch = Repeat(t5, b);

        // 2. Conditioning: masked-image latents (64 packed channels) and mask (256 packed channels).
        int pixelPlane = width * height;
        var original = new float[b * 3 * pixelPlane];
        var masked = new float[b * 3 * pixelPlane];
        var maskChannels = new float[b * 64 * lh * lw];
        for (int i = 0; i < b; i++)
        {
            var r = requests[i];
            var planes = original.AsSpan(i * 3 * pixelPlane, 3 * pixelPlane);
            PixelPlanes.Write(r.Crop, width, height, 1f / 127.5f, -1f, planes);
            var m = PixelPlanes.BinaryMask(r.Mask, width, height);
            for (int c = 0; c < 3; c++)
                for (int p = 0; p < pixelPlane; p++)
                    masked[(i * 3 + c) * pixelPlane + p] = planes[c * pixelPlane + p] * (1f - m[p]);
            LatentPacking.MaskToChannels(m, lh, lw).CopyTo(maskChannels.AsSpan(i * 64 * lh * lw));
        }
        var maskedLatents = LatentPacking.Pack(EncodeImage(masked, b, height, width, scale, shift, cancellationToken), b, LatentChannels16, lh, lw);
        var packedMask = LatentPacking.Pack(maskChannels, b, 64, lh, lw);

        // 3. Initial latents from each sample's own seed, packed.
        int latentSize = LatentChannels16 * lh * lw;
        var noise = new float[b * latentSize];
        for (int i = 0; i < b; i++)
            GaussianNoise.Fill(noise.AsSpan(i * latentSize, latentSize), requests[i].Seed);
        var latents = LatentPacking.Pack(noise, b, LatentChannels16, lh, lw);
        var scheduler = new FlowMatchEulerScheduler(_options.Steps, tokens, _options.BaseShift, _options.MaxShift, _options.BaseSequence, _options.MaxSequence);

        // 3b. Soft inpainting: the original crop's latents and each element's alpha, packed like the latents
        // (σ₀ = 1, so the initial latents are the noise the original is re-noised with).
        DifferentialDiffusion? soft = null;
        if (_options.SoftInpainting && requests.Any(r => r.Alpha is not null))
            soft = new DifferentialDiffusion(scheduler,
                LatentPacking.Pack(DifferentialDiffusion.LatentAlpha(requests, width, height, LatentChannels16), b, LatentChannels16, lh, lw),
                LatentPacking.Pack(EncodeImage(original, b, height, width, scale, shift, cancellationToken), b, LatentChannels16, lh, lw),
                (float[])latents.Clone());
        soft?.Apply(0, latents);
        LatentsObserver?.Invoke(0, latents);

        // 4. Flow-matching Euler loop.
        var hidden = new float[b * tokens * 384];
        var imageIds = Ids(transformer.Input("img_ids"), LatentPacking.ImageIds(lh, lw), tokens, b);
        var textIds = Ids(transformer.Input("txt_ids"), new float[sequence * 3], sequence, b);
        var output = transformer.HasOutput("latent") ? "latent"
            : transformer.HasOutput("out_hidden_states") ? "out_hidden_states"
            : throw new InvalidOperationException($"'{transformer.Name}' has neither a 'latent' nor an 'out_hidden_states' output.");
        var timestepSpec = transformer.Input("timestep");
        int steps = scheduler.Timesteps.Count;
        for (int k = 0; k < steps; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int t = 0; t < b * tokens; t++)
            {
                var dst = hidden.AsSpan(t * 384, 384);
                latents.AsSpan(t * 64, 64).CopyTo(dst);
                maskedLatents.AsSpan(t * 64, 64).CopyTo(dst.Slice(64));
                packedMask.AsSpan(t * 256, 256).CopyTo(dst.Slice(128));
            }
            var inputs = new Dictionary<string, TensorData>
            {
                ["hidden_states"] = TensorData.FromFloats(hidden, b, tokens, 384),
                ["encoder_hidden_states"] = TensorData.FromFloats(t5Batch, b, sequence, t5Dim),
                ["pooled_projections"] = TensorData.FromFloats(pooledBatch, b, pooledDim),
                ["timestep"] = StableDiffusionInpaint.Timestep(timestepSpec, scheduler.Timesteps[k] / 1000.0, b),
                ["img_ids"] = imageIds,
                ["txt_ids"] = textIds,
            };
            if (transformer.HasInput("guidance"))
                inputs["guidance"] = StableDiffusionInpaint.Timestep(transformer.Input("guidance"), guidance, b);
            var velocity = transformer.Run(inputs, cancellationToken, [output])[output].AsFloats();
            scheduler.Step(velocity, k, latents);
            soft?.Apply(k + 1, latents);
            LatentsObserver?.Invoke(k + 1, latents);
            progress?.Report(new GenerationProgress(k + 1, steps));
        }

        // 5. Decode each sample.
        var unpacked = LatentPacking.Unpack(latents, b, LatentChannels16, lh, lw);
        var decoder = models.VaeDecoder;
        var decoderInput = decoder.HasInput("latent") ? "latent" : decoder.HasInput("latent_sample") ? "latent_sample" : decoder.Inputs[0].Name;
        var decoderOutput = decoder.HasOutput("images") ? "images" : decoder.HasOutput("sample") ? "sample" : decoder.Outputs[0].Name;
        var results = new List<Image<Rgba32>>(b);
        for (int i = 0; i < b; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var z = unpacked.AsSpan(i * latentSize, latentSize).ToArray();
            for (int p = 0; p < z.Length; p++) z[p] = z[p] / scale + shift;
            var decoded = decoder.Run(new Dictionary<string, TensorData>
            {
                [decoderInput] = TensorData.FromFloats(z, 1, LatentChannels16, lh, lw),
            }, cancellationToken, [decoderOutput])[decoderOutput].AsFloats();
            results.Add(PixelPlanes.Read(decoded, width, height, 127.5f, 127.5f, requests[i].Crop.Width, requests[i].Crop.Height));
        }
        return results;
    }

    /// <summary>T5 sequence length: fixed by the transformer or the T5 export when they declare it, else the option.</summary>
    private int Sequence()
    {
        var fromTransformer = models.Transformer.Input("encoder_hidden_states").Dimensions[1];
        if (fromTransformer > 0) return (int)fromTransformer;
        var fromT5 = models.T5Encoder.Input("input_ids").Dimensions[1];
        return fromT5 > 0 ? (int)fromT5 : _options.MaxSequenceLength;
    }

    private float[] EncodePooled(string prompt, CancellationToken cancellationToken)
    {
        var ids = new long[ClipLength];
        Array.Fill(ids, models.ClipTokenizer.PadId);
        var encoded = models.ClipTokenizer.Encode(prompt);
        for (int t = 0; t < Math.Min(ClipLength, encoded.Count); t++) ids[t] = encoded[t];
        var clip = models.ClipTextEncoder;
        var output = clip.HasOutput("pooled_embeddings") ? "pooled_embeddings"
            : clip.HasOutput("pooler_output") ? "pooler_output"
            : throw new InvalidOperationException($"'{clip.Name}' has neither 'pooled_embeddings' nor 'pooler_output'.");
        return clip.Run(new Dictionary<string, TensorData> { ["input_ids"] = TensorData.FromInt64s(ids, 1, ClipLength) }, cancellationToken, [output])[output].AsFloats();
    }

    private float[] EncodeT5(string prompt, int sequence, CancellationToken cancellationToken)
    {
        var t5 = models.T5Encoder;
        var output = t5.HasOutput("text_embeddings") ? "text_embeddings"
            : t5.HasOutput("last_hidden_state") ? "last_hidden_state"
            : t5.Outputs[0].Name;
        var ids = models.T5Tokenizer.EncodePadded(prompt, sequence);
        return t5.Run(new Dictionary<string, TensorData> { ["input_ids"] = TensorData.FromInt64s(ids, 1, sequence) }, cancellationToken, [output])[output].AsFloats();
    }

    private float[] EncodeImage(float[] pixels, int batch, int height, int width, float scale, float shift, CancellationToken cancellationToken)
    {
        var encoder = models.VaeEncoder;
        string input = encoder.HasInput("sample") ? "sample" : encoder.Inputs[0].Name;
        string output = encoder.HasOutput("latent_sample") ? "latent_sample"
            : encoder.HasOutput("latent_parameters") ? "latent_parameters"
            : encoder.Outputs[0].Name;
        var result = encoder.Run(new Dictionary<string, TensorData>
        {
            [input] = TensorData.FromFloats(pixels, batch, 3, height, width),
        }, cancellationToken, [output])[output];
        return LatentChannels.Mean(result, LatentChannels16, scale, shift);
    }

    /// <summary>Position ids as the transformer declares them: [n, 3] (diffusers ≥ 0.31) or [B, n, 3] (older).</summary>
    private static TensorData Ids(TensorSpec spec, float[] ids, int n, int batch) =>
        spec.Dimensions.Length == 3
            ? TensorData.FromFloats(Repeat(ids, batch), batch, n, 3)
            : TensorData.FromFloats(ids, n, 3);

    private static float[] Repeat(float[] values, int times)
    {
        var result = new float[values.Length * times];
        for (int i = 0; i < times; i++) values.CopyTo(result, i * values.Length);
        return result;
    }
}
