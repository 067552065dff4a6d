namespace Inpaint.Inference.Regions;

/// <summary>Which models turn a text prompt into a mask.</summary>
public enum TextRegionMethod
{
    /// <summary>CLIPSeg: one small model, fast and coarse.</summary>
    ClipSeg,

    /// <summary>Grounding DINO boxes, then SAM 2.1 masks inside them: precise edges.</summary>
    GroundingDinoSam2,

    /// <summary>SAM 3: one model finds every instance of each phrase, with masks (best quality, heaviest).</summary>
    Sam3,
}
