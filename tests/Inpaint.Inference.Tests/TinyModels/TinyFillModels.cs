using Inpaint.Inference.Sessions;
using static Inpaint.Inference.Tests.TinyModels.TinyGraph;

namespace Inpaint.Inference.Tests.TinyModels;

/// <summary>Tiny stand-ins for the removal exports, with the published names, element types and shapes.</summary>
public static class TinyFillModels
{
    /// <summary>The grey MI-GAN's tiny pipeline paints into the hole.</summary>
    public const byte HoleValue = 64;

    /// <summary>
    /// MI-GAN's pipeline contract (create_onnx_pipeline.py): <c>image</c> uint8 [B,3,H,W], <c>mask</c> uint8
    /// [B,1,H,W] with 255 = keep and 0 = hole, <c>result</c> uint8 [B,3,H,W], H and W symbolic. The graph
    /// composites as the real one: image·(mask/255) + 64·(1 − mask/255), so a polarity mistake shows at once.
    /// <paramref name="size"/> fixes H = W (a re-export at one size) instead.
    /// </summary>
    public static byte[] MiGanBytes(int? size = null, DataTypeOverride? types = null)
    {
        object h = size is { } s ? s : "height", w = size is { } s2 ? s2 : "width";
        var input = types?.Input ?? U8;
        var output = types?.Output ?? U8;
        return new TinyGraph("migan_pipeline")
            .Input("image", input, "batch_size", 3, h, w)
            .Input("mask", input, "batch_size", 1, h, w)
            .Output("result", output, "batch_size", 3, h, w)
            .Constant("c255", [255f], 1).Constant("one", [1f], 1).Constant("fill", [(float)HoleValue], 1)
            .Node("Cast", ["image"], ["img"], ("to", (int)F32))
            .Node("Cast", ["mask"], ["m255"], ("to", (int)F32))
            .Node("Div", ["m255", "c255"], ["keep"])
            .Node("Sub", ["one", "keep"], ["hole"])
            .Node("Mul", ["img", "keep"], ["kept"])
            .Node("Mul", ["hole", "fill"], ["painted"])
            .Node("Add", ["kept", "painted"], ["composite"])
            .Node("Cast", ["composite"], ["result"], ("to", (int)output))
            .Build();
    }

    public static ModelSession MiGan(int? size = null, DataTypeOverride? types = null) =>
        ModelSession.Load("migan_pipeline_v2", MiGanBytes(size, types), ModelSessionOptions.Cpu);

    /// <summary>Element types other than the export's, to check that the engine refuses them.</summary>
    public sealed record DataTypeOverride(Onnx.TensorProto.Types.DataType Input, Onnx.TensorProto.Types.DataType Output);
}
