namespace Inpaint.Shared.Imaging;

/// <summary>
/// The mask prepared for one crop, both planes at the crop's working size.
/// </summary>
/// <param name="Binary">0/1: the region the generator must fill (the source mask grown by the expand radius).</param>
/// <param name="Alpha">The composite weight in [0, 1]: the feathered (blurred) binary mask; exactly 0 on
/// the crop border wherever the box does not touch the image edge.</param>
public sealed record RefinedMask(MaskPlane Binary, MaskPlane Alpha);
