namespace Inpaint.Inference.Models;

/// <summary>
/// The public exports the region engines are written against (MODELS.md §1–§3), as pullable manifests.
/// Their sizes and SHA-256 are not pinned here (they were not readable from our machines): the first pull
/// records both in the installed manifest, and <c>inpaint models verify</c> checks against that record.
/// A catalog file (<c>--catalog</c>) with pinned hashes overrides these entries.
/// </summary>
public static class KnownModels
{
    public const string ClipSeg = "clipseg-rd64-refined";
    public const string GroundingDino = "grounding-dino-tiny";
    public const string Sam2 = "sam2.1-hiera-tiny";
    public const string IsNet = "isnet-general-use";
    public const string BiRefNet = "birefnet";

    public static IReadOnlyList<ModelManifest> All { get; } =
    [
        new()
        {
            Name = ClipSeg,
            Family = ModelFamily.ClipSeg,
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
            Source = "https://huggingface.co/onnx-community/BiRefNet-ONNX",
            Files = [HuggingFace("onnx-community/BiRefNet-ONNX", "onnx/model.onnx", ModelRoles.Model)],
            // input_image [B,3,1024,1024], /255, ImageNet mean/std; output_image is logits.
            Preprocessing = ImagePreprocessing.ImageNet(1024),
        },
    ];

    public static ModelManifest? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    private static ModelFile HuggingFace(string repo, string path, string role) => new()
    {
        Path = path,
        Role = role,
        Url = $"https://huggingface.co/{repo}/resolve/main/{path}",
    };
}
