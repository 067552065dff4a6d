namespace Inpaint.Fill.Bench;

/// <summary>
/// How one fill did on one case, measured in the hole against the truth.
/// </summary>
/// <param name="Psnr">PSNR over the hole's RGB values (dB; 99 when exact).</param>
/// <param name="Ssim">Mean SSIM (luma, Gaussian window σ 1.5, Wang et al. constants) over the hole's pixels.</param>
/// <param name="TextureRatio">Variance of the luma Laplacian in the hole, fill over truth (1: texture kept; near 0: smeared).</param>
/// <param name="SeamRatio">Mean luma gradient magnitude on the hole's border band (one pixel either side), fill over truth (above 1: an outline).</param>
/// <param name="Specks">Hole pixels that differ by more than 40 grey levels from all 8 neighbours, fill minus truth.</param>
/// <param name="ChangedOutside">Pixels outside the hole whose value changed.</param>
/// <param name="Milliseconds">Wall time of the fill.</param>
internal sealed record FillScore(double Psnr, double Ssim, double TextureRatio, double SeamRatio, int Specks, int ChangedOutside, double Milliseconds);
