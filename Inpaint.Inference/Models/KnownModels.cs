namespace Inpaint.Inference.Models;

/// <summary>
/// The public exports the engines are written against (MODELS.md), as pullable manifests. Where the export's
/// size and SHA-256 could be read (Git LFS pointers, the exporter's notes) they are pinned here and a download
/// that differs is refused; the others are recorded by the first pull in the installed manifest, and
/// <c>inpaint models verify</c> checks against that record. A catalog file (<c>--catalog</c>) overrides entries.
/// </summary>
public static class KnownModels
{
    public const string ClipSeg = "clipseg-rd64-refined";
    public const string GroundingDino = "grounding-dino-tiny";
    public const string Sam2 = "sam2.1-hiera-tiny";
    public const string IsNet = "isnet-general-use";
    public const string BiRefNet = "birefnet";
    public const string Sam3Text = "sam3-text";
    public const string MiGan = "migan";
    public const string Lama = "lama";
    public const string LamaInt8 = "lama-int8";
    public const string StableDiffusionInpaint = "sd15-inpaint";
    public const string Flux2Klein = "flux2-klein-4b";

    /// <summary>Text-region purpose line shared by the region entries.</summary>
    private const string TextRegions = "text regions (masking_prompt)";

    public static IReadOnlyList<ModelManifest> All { get; } =
    [
        new()
        {
            Name = ClipSeg,
            Family = ModelFamily.ClipSeg,
            Purpose = TextRegions + ", fast and coarse",
            License = "MIT",
            Source = "https://huggingface.co/Xenova/clipseg-rd64-refined",
            Files =
            [
                HuggingFace("Xenova/clipseg-rd64-refined", "onnx/model.onnx", ModelRoles.Model),
                HuggingFace("Xenova/clipseg-rd64-refined", "tokenizer.json", ModelRoles.Tokenizer),
                HuggingFace("Xenova/clipseg-rd64-refined", "preprocessor_config.json", ModelRoles.Config),
            ],
            // ViTImageProcessor: plain resize to 352², /255, ImageNet mean/std; logits out.
            Preprocessing = ImagePreprocessing.ImageNet(352),
        },
        new()
        {
            Name = GroundingDino,
            Family = ModelFamily.GroundingDino,
            Purpose = TextRegions + ": boxes, with " + Sam2,
            License = "Apache-2.0",
            Source = "https://huggingface.co/onnx-community/grounding-dino-tiny-ONNX",
            Files =
            [
                HuggingFace("onnx-community/grounding-dino-tiny-ONNX", "onnx/model.onnx", ModelRoles.Model),
                HuggingFace("onnx-community/grounding-dino-tiny-ONNX", "tokenizer.json", ModelRoles.Tokenizer),
                HuggingFace("onnx-community/grounding-dino-tiny-ONNX", "preprocessor_config.json", ModelRoles.Config),
            ],
            // Shortest edge 800, longest ≤ 1333, aspect kept, padded bottom/right; Width/Height are the caps.
            Preprocessing = new ImagePreprocessing { Width = 1333, Height = 800 },
        },
        new()
        {
            Name = Sam2,
            Family = ModelFamily.Sam2,
            Purpose = TextRegions + ": masks in " + GroundingDino + "'s boxes",
            License = "Apache-2.0",
            Source = "https://huggingface.co/onnx-community/sam2.1-hiera-tiny-ONNX",
            Files =
            [
                HuggingFace("onnx-community/sam2.1-hiera-tiny-ONNX", "onnx/vision_encoder.onnx", ModelRoles.Encoder),
                HuggingFace("onnx-community/sam2.1-hiera-tiny-ONNX", "onnx/prompt_encoder_mask_decoder.onnx", ModelRoles.Decoder),
            ],
            // Squashed to 1024² (no padding), /255, ImageNet mean/std.
            Preprocessing = ImagePreprocessing.ImageNet(1024),
        },
        new()
        {
            Name = IsNet,
            Family = ModelFamily.SalientObject,
            Purpose = "foreground (use_rembg)",
            License = "Apache-2.0",
            Source = "https://github.com/danielgatis/rembg/releases/tag/v0.0.0",
            Files =
            [
                new ModelFile
                {
                    Path = "isnet-general-use.onnx",
                    Role = ModelRoles.Model,
                    Url = "https://github.com/danielgatis/rembg/releases/download/v0.0.0/isnet-general-use.onnx",
                },
            ],
            // rembg DisSession: px / max(px), mean ImageNet, std 1; output already a probability, min-max stretched.
            Preprocessing = new ImagePreprocessing
            {
                Width = 1024,
                Height = 1024,
                Scale = PixelScale.DivideMax,
                Mean = [0.485f, 0.456f, 0.406f],
                Std = [1f, 1f, 1f],
                SigmoidInGraph = true,
                MinMaxOutput = true,
            },
        },
        new()
        {
            Name = BiRefNet,
            Family = ModelFamily.SalientObject,
            Purpose = "foreground (use_rembg), finer edges",
            License = "MIT",
            Source = "https://huggingface.co/onnx-community/BiRefNet-ONNX",
            Files = [HuggingFace("onnx-community/BiRefNet-ONNX", "onnx/model.onnx", ModelRoles.Model)],
            // input_image [B,3,1024,1024], /255, ImageNet mean/std; output_image is logits.
            Preprocessing = ImagePreprocessing.ImageNet(1024),
        },
        new()
        {
            Name = Sam3Text,
            Family = ModelFamily.Sam3Text,
            Purpose = TextRegions + ": every instance of each phrase, best quality",
            License = "SAM License (commercial use with conditions)",
            Source = "https://huggingface.co/danilobukvic/sam3-text-onnx",
            // The int8 set (vision ≈ 496 MB, text ≈ 357 MB, decoder ≈ 27 MB). File names as the model card lists
            // them were not readable from here: the pull reports a missing one by name, and --catalog overrides.
            Files =
            [
                HuggingFace("danilobukvic/sam3-text-onnx", "vision_encoder_int8.onnx", ModelRoles.Encoder),
                HuggingFace("danilobukvic/sam3-text-onnx", "text_encoder_int8.onnx", ModelRoles.TextEncoder),
                HuggingFace("danilobukvic/sam3-text-onnx", "decoder_int8.onnx", ModelRoles.Decoder),
                HuggingFace("danilobukvic/sam3-text-onnx", "tokenizer.json", ModelRoles.Tokenizer),
            ],
            // pixel_values [1,3,1008,1008] = px/127.5 − 1 (mean 0.5, std 0.5 after /255).
            Preprocessing = new ImagePreprocessing { Width = 1008, Height = 1008, Mean = [0.5f, 0.5f, 0.5f], Std = [0.5f, 0.5f, 0.5f] },
        },
        new()
        {
            Name = MiGan,
            Family = ModelFamily.MiGan,
            Purpose = "removal (empty prompt): fast, any size, CPU friendly",
            License = "MIT",
            Source = "https://huggingface.co/andraniksargsyan/migan",
            // Picsart-AI-Research/MI-GAN scripts/create_onnx_pipeline.py: image/mask uint8, 255 = keep, result uint8.
            Files =
            [
                HuggingFace("andraniksargsyan/migan", "migan_pipeline_v2.onnx", ModelRoles.Model)
                    with { Size = 28_079_181, Sha256 = "6f1f3530a1a2324b19752018ce756088b07973cda8d7d890034ace5c8a48c40b" },
            ],
        },
        new()
        {
            Name = Lama,
            Family = ModelFamily.Lama,
            Purpose = "removal (empty prompt): large holes, 512² working size",
            License = "Apache-2.0",
            Source = "https://huggingface.co/Carve/LaMa-ONNX",
            Files =
            [
                HuggingFace("Carve/LaMa-ONNX", "lama_fp32.onnx", ModelRoles.Model, "c3c0c9e468934d62e79c329e35d82dd09ff8c444")
                    with { Size = 208_044_816, Sha256 = "1faef5301d78db7dda502fe59966957ec4b79dd64e16f03ed96913c7a4eb68d6" },
            ],
        },
        new()
        {
            Name = LamaInt8,
            Family = ModelFamily.Lama,
            Purpose = "removal (empty prompt): LaMa quantised, half the size",
            License = "Apache-2.0",
            Source = "https://github.com/opencv/opencv_zoo/tree/main/models/inpainting_lama",
            // The Git LFS object of opencv_zoo commit 966be4cb (its pointer holds this size and hash).
            Files =
            [
                new ModelFile
                {
                    Path = "inpainting_lama_2025jan.onnx",
                    Role = ModelRoles.Model,
                    Url = "https://media.githubusercontent.com/media/opencv/opencv_zoo/966be4cb6eefc2a4f586ed0581bf4bbaa2533070/models/inpainting_lama/inpainting_lama_2025jan.onnx",
                    Size = 92_591_623,
                    Sha256 = "7df918ac3921d3daf0aae1d219776cf0dc4e4935f035af81841b40adcf74fdf2",
                },
            ],
        },
        new()
        {
            Name = StableDiffusionInpaint,
            Family = ModelFamily.StableDiffusionInpaint,
            Purpose = "prompted fill (inpainting_prompt): Stable Diffusion 1.5 inpainting, GPU advised",
            License = "CreativeML Open RAIL-M",
            Source = "https://huggingface.co/RanaLLC/stable-diffusion-v1-5-inpainting-onnx-fp16",
            // The diffusers ONNX layout StableDiffusionModels.Load reads; the CLIP tokenizer.json (the same for
            // every SD 1.x) comes from OpenAI's CLIP-L repository, which publishes it.
            Files =
            [
                HuggingFace("RanaLLC/stable-diffusion-v1-5-inpainting-onnx-fp16", "text_encoder/model.onnx", ModelRoles.TextEncoder),
                HuggingFace("RanaLLC/stable-diffusion-v1-5-inpainting-onnx-fp16", "unet/model.onnx", ModelRoles.Model),
                HuggingFace("RanaLLC/stable-diffusion-v1-5-inpainting-onnx-fp16", "vae_encoder/model.onnx", ModelRoles.Encoder),
                HuggingFace("RanaLLC/stable-diffusion-v1-5-inpainting-onnx-fp16", "vae_decoder/model.onnx", ModelRoles.Decoder),
                new ModelFile
                {
                    Path = "tokenizer/tokenizer.json",
                    Role = ModelRoles.Tokenizer,
                    Url = "https://huggingface.co/openai/clip-vit-large-patch14/resolve/main/tokenizer.json",
                },
            ],
        },
        new()
        {
            Name = Flux2Klein,
            Family = ModelFamily.Flux2Klein,
            Purpose = "prompted fill (inpainting_prompt): FLUX.2 [klein] 4B reference editing, GPU (~8 GB)",
            License = "Apache-2.0",
            Source = "https://huggingface.co/hlhc/FLUX.2-klein-4B-onnx",
            // Text encoder int4, transformer int8, VAE encoder and decoder; layout as Flux2KleinModels.Load reads it.
            Files =
            [
                HuggingFace("hlhc/FLUX.2-klein-4B-onnx", "text_encoder/model.onnx", ModelRoles.TextEncoder),
                HuggingFace("hlhc/FLUX.2-klein-4B-onnx", "transformer/model.onnx", ModelRoles.Model),
                HuggingFace("hlhc/FLUX.2-klein-4B-onnx", "vae_encoder/model.onnx", ModelRoles.Encoder),
                HuggingFace("hlhc/FLUX.2-klein-4B-onnx", "vae_decoder/model.onnx", ModelRoles.Decoder),
                HuggingFace("hlhc/FLUX.2-klein-4B-onnx", "tokenizer/tokenizer.json", ModelRoles.Tokenizer),
            ],
        },
    ];

    public static ModelManifest? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>A file of a Hugging Face repository at <paramref name="revision"/> (a commit pins the bytes).</summary>
    private static ModelFile HuggingFace(string repo, string path, string role, string revision = "main") => new()
    {
        Path = path,
        Role = role,
        Url = $"https://huggingface.co/{repo}/resolve/{revision}/{path}",
    };
}
