using Inpaint.Inference.Generation;
using Inpaint.Inference.Sessions;
using Inpaint.Shared.Generation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>
/// Stable Diffusion inpainting on ONNX Runtime, following diffusers' <c>OnnxStableDiffusionInpaintPipeline</c>
/// (MODELS.md §4): CLIP text encoder on [negative, prompt]; masked image (<c>image·(mask &lt; 0.5)</c>, in
/// [−1, 1]) through the VAE encoder (<c>latent_sample</c>, or the mean half of Optimum's
/// <c>latent_parameters</c>) × 0.18215; mask nearest-resized to the latent grid and binarised; per step the
/// 9-channel UNet input [latents(4) | mask(1) | masked-image latents(4)] for the doubled batch
/// [negative × B, prompt × B], timestep in the UNet's declared element type and rank, classifier-free
/// guidance u + g·(c − u), scheduler step; VAE decoder per sample after ÷ 0.18215, then x/2 + 0.5.
/// Soft inpainting (on by default, <see cref="StableDiffusionOptions.SoftInpainting"/>): with a request's
/// feathered <see cref="GenerationRequest.Alpha"/>, the original crop is encoded too and, after every step, each
/// latent element still inside its alpha's share follows that original re-noised to the step's level
/// (<c>add_noise</c>, <see cref="DifferentialDiffusion"/>), so the feather is generated, not only blended; the
/// UNet's mask channel stays the binary mask.
/// </summary>
/// <remarks>
/// Creativity → <c>guidance_scale</c> by <see cref="GuidanceMapping"/> (7.5 at 0.85); steps are fixed by
/// options; <c>strength</c> is 1 (fresh latents, as the ONNX reference pipeline, which has no strength).
/// Sample i uses its request's seed for its initial latents only, so a batch equals single runs.
/// </remarks>
public sealed class StableDiffusionInpaint(StableDiffusionModels models, StableDiffusionOptions? options = null) : DiffusionEngine
{
    private const int TextLength = 77;
    private readonly StableDiffusionOptions _options = options ?? new StableDiffusionOptions();

    public override string Name => "sd-inpaint";

    public override string Model => _options.ModelId;

    protected override double GuidanceScale => _options.GuidanceScale;

    protected override int Steps => _options.Steps;

    protected override IReadOnlyList<Image<Rgba32>> Generate(IReadOnlyList<GenerationRequest> requests, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        int b = requests.Count;
        var first = requests[0];
        int width = PixelPlanes.FloorTo(first.Crop.Width, 8), height = PixelPlanes.FloorTo(first.Crop.Height, 8);
        int lw = width / 8, lh = height / 8, latentPlane = lw * lh, latentSize = 4 * latentPlane;
        float guidance = (float)ControlsFor(first.Creativity)["guidance_scale"];
        float latentScale = (float)_options.LatentScale;

        // 1. Text: one encoder run for [negative, prompt], repeated to [negative × B, prompt × B].
        var text = EncodeText(_options.NegativePrompt, first.Prompt, cancellationToken);
        int dim = (int)(text.Length / (2 * TextLength));
        var context = new float[2 * b * TextLength * dim];
        for (int i = 0; i < b; i++)
        {
            text.AsSpan(0, TextLength * dim).CopyTo(context.AsSpan(i * TextLength * dim));
            text.AsSpan(TextLength * dim, TextLength * dim).CopyTo(context.AsSpan((b + i) * TextLength * dim));
        }

        // 2. Masked image → latents; mask on the latent grid.
        int pixelPlane = width * height;
        var original = new float[b * 3 * pixelPlane];
        var masked = new float[b * 3 * pixelPlane];
        var latentMask = new float[b * latentPlane];
        for (int i = 0; i < b; i++)
        {
            var r = requests[i];
            var planes = original.AsSpan(i * 3 * pixelPlane, 3 * pixelPlane);
            PixelPlanes.Write(r.Crop, width, height, 1f / 127.5f, -1f, planes);
            var m = PixelPlanes.BinaryMask(r.Mask, width, height);
            for (int c = 0; c < 3; c++)
                for (int p = 0; p < pixelPlane; p++)
                    masked[(i * 3 + c) * pixelPlane + p] = planes[c * pixelPlane + p] * (1f - m[p]);
            PixelPlanes.BinaryMask(r.Mask, lw, lh).CopyTo(latentMask.AsSpan(i * latentPlane));
        }
        var maskedLatents = EncodeImage(masked, b, height, width, latentScale, cancellationToken);

        // 3. Initial latents from each sample's own seed.
        var scheduler = _options.Scheduler(_options.Steps);
        var latents = new float[b * latentSize];
        for (int i = 0; i < b; i++)
            GaussianNoise.Fill(latents.AsSpan(i * latentSize, latentSize), requests[i].Seed, scheduler.InitNoiseSigma);

        // 3b. Soft inpainting: the original crop's latents, re-noised with the same unit noise as the initial
        // latents. The UNet's mask channel stays binary: the alpha only decides which elements follow the original.
        DifferentialDiffusion? soft = null;
        if (_options.SoftInpainting && requests.Any(r => r.Alpha is not null))
        {
            var unitNoise = new float[b * latentSize];
            for (int i = 0; i < b; i++)
                GaussianNoise.Fill(unitNoise.AsSpan(i * latentSize, latentSize), requests[i].Seed);
            soft = new DifferentialDiffusion(scheduler, DifferentialDiffusion.LatentAlpha(requests, width, height, 4),
                EncodeImage(original, b, height, width, latentScale, cancellationToken), unitNoise);
        }
        soft?.Apply(0, latents);
        LatentsObserver?.Invoke(0, latents);

        // 4. Denoising loop.
        var unetInput = new float[2 * b * 9 * latentPlane];
        var scaled = new float[latents.Length];
        var noise = new float[latents.Length];
        var timestepSpec = models.Unet.Input("timestep");
        var outputName = models.Unet.HasOutput("out_sample") ? "out_sample" : models.Unet.Outputs[0].Name;
        int steps = scheduler.Timesteps.Count;
        for (int k = 0; k < steps; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            latents.CopyTo(scaled, 0);
            scheduler.ScaleModelInput(scaled, k);
            for (int j = 0; j < 2 * b; j++)
            {
                int i = j % b;
                var dst = unetInput.AsSpan(j * 9 * latentPlane, 9 * latentPlane);
                scaled.AsSpan(i * latentSize, latentSize).CopyTo(dst);
                latentMask.AsSpan(i * latentPlane, latentPlane).CopyTo(dst.Slice(latentSize));
                maskedLatents.AsSpan(i * latentSize, latentSize).CopyTo(dst.Slice(latentSize + latentPlane));
            }
            var outputs = models.Unet.Run(new Dictionary<string, TensorData>
            {
                ["sample"] = TensorData.FromFloats(unetInput, 2 * b, 9, lh, lw),
                ["timestep"] = Timestep(timestepSpec, scheduler.Timesteps[k], 2 * b),
                ["encoder_hidden_states"] = TensorData.FromFloats(context, 2 * b, TextLength, dim),
            }, cancellationToken, [outputName]);
            var prediction = outputs[outputName].AsFloats();

            // Classifier-free guidance: u + g·(c − u), u the negative half, c the prompt half.
            for (int p = 0; p < noise.Length; p++)
            {
                float u = prediction[p], c = prediction[noise.Length + p];
                noise[p] = u + guidance * (c - u);
            }
            scheduler.Step(noise, k, latents);
            soft?.Apply(k + 1, latents);
            LatentsObserver?.Invoke(k + 1, latents);
            progress?.Report(new GenerationProgress(k + 1, steps));
        }

        // 5. Decode each sample alone (as the reference pipeline does: fp16 batch decode was unstable).
        var results = new List<Image<Rgba32>>(b);
        var decoderInput = models.VaeDecoder.HasInput("latent_sample") ? "latent_sample" : models.VaeDecoder.Inputs[0].Name;
        var decoderOutput = models.VaeDecoder.HasOutput("sample") ? "sample" : models.VaeDecoder.Outputs[0].Name;
        for (int i = 0; i < b; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var z = latents.AsSpan(i * latentSize, latentSize).ToArray();
            for (int p = 0; p < z.Length; p++) z[p] /= latentScale;
            var decoded = models.VaeDecoder.Run(new Dictionary<string, TensorData>
            {
                [decoderInput] = TensorData.FromFloats(z, 1, 4, lh, lw),
            }, cancellationToken, [decoderOutput])[decoderOutput].AsFloats();
            // (x/2 + 0.5)·255 = 127.5·x + 127.5, clamped in Read.
            results.Add(PixelPlanes.Read(decoded, width, height, 127.5f, 127.5f, requests[i].Crop.Width, requests[i].Crop.Height));
        }
        return results;
    }

    private float[] EncodeText(string negative, string prompt, CancellationToken cancellationToken)
    {
        var ids = new long[2 * TextLength];
        Tokenize(negative).CopyTo(ids, 0);
        Tokenize(prompt).CopyTo(ids, TextLength);
        var encoder = models.TextEncoder;
        var output = encoder.HasOutput("last_hidden_state") ? "last_hidden_state" : encoder.Outputs[0].Name;
        return encoder.Run(new Dictionary<string, TensorData>
        {
            ["input_ids"] = TensorData.FromInt64s(ids, 2, TextLength),
        }, cancellationToken, [output])[output].AsFloats();
    }

    /// <summary>CLIP ids padded to 77 with the tokenizer's pad id (<c>padding="max_length"</c>).</summary>
    private long[] Tokenize(string text)
    {
        var ids = new long[TextLength];
        Array.Fill(ids, models.Tokenizer.PadId);
        var encoded = models.Tokenizer.Encode(text);
        for (int t = 0; t < Math.Min(TextLength, encoded.Count); t++) ids[t] = encoded[t];
        return ids;
    }

    private float[] EncodeImage(float[] pixels, int batch, int height, int width, float scale, CancellationToken cancellationToken)
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
        return LatentChannels.Mean(result, 4, scale, 0f);
    }

    /// <summary>The timestep in the UNet's declared rank: a scalar (Optimum), [1] or [batch] (diffusers script).</summary>
    internal static TensorData Timestep(TensorSpec spec, double value, int batch)
    {
        if (spec.Dimensions.Length == 0) return TensorData.FromFloats([(float)value]);
        int n = spec.Dimensions[0] > 0 ? (int)spec.Dimensions[0] : batch;
        var values = new float[n];
        Array.Fill(values, (float)value);
        return TensorData.FromFloats(values, n);
    }
}
