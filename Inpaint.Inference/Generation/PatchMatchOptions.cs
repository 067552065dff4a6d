namespace Inpaint.Inference.Generation;

/// <summary>Settings of <see cref="PatchMatchFill"/>. The defaults suit natural photos at working size (512–1536 px).</summary>
public sealed record PatchMatchOptions
{
    /// <summary>Half the patch side: 3 gives 7×7 patches.</summary>
    public int PatchRadius { get; init; } = 3;

    /// <summary>The pyramid stops before a level whose short side would drop below this many pixels.</summary>
    public int CoarsestShortSide { get; init; } = 24;

    /// <summary>
    /// Expectation–maximisation iterations (search + vote) at the coarsest level; finer levels use fewer, linearly
    /// down to <see cref="FinestIterations"/>. The coarse levels decide the fill's layout and cost little. On the
    /// fill bench's development holes (three fill seeds) 15 gained 0.003 SSIM and 0.2 dB over 10; 20 and 30
    /// gained more (0.006 and 0.009 SSIM, mostly the brick wall's joints lining up and grass) but lost 0.6 dB on
    /// the out-of-focus background of <c>PatchMatchFillTests</c>, below its margin over the harmonic fill.
    /// </summary>
    public int CoarsestIterations { get; init; } = 15;

    /// <summary>Expectation–maximisation iterations at the full-resolution level.</summary>
    public int FinestIterations { get; init; } = 4;

    /// <summary>PatchMatch sweeps (propagation + random search) per iteration, alternating scan direction.</summary>
    public int SweepsPerIteration { get; init; } = 2;

    /// <summary>
    /// Depth into the hole (px) over which a pixel's weight in the patch distance decays (×1.3⁻⁵ per px);
    /// deeper pixels all weigh the same as at this depth. 3 was best on the fill bench's development holes
    /// (bench/Inpaint.Fill.Bench, hole set 1): 2 lost 0.5 dB and 0.02 SSIM, 4 and more kept less texture.
    /// </summary>
    public float AnchorDepth { get; init; } = 3f;

    /// <summary>
    /// What copying from far away costs: a source one image diagonal from its target pays this mean squared
    /// colour difference per value on top of its patch distance, quadratic in the distance (a neighbour
    /// 10 % of the diagonal away pays 1 %). On the fill bench's development holes 100 gained 0.3–0.4 dB and
    /// 0.005–0.009 SSIM on three fill seeds; 400 and more lost both.
    /// </summary>
    public float DistancePrior { get; init; } = 100f;

    /// <summary>
    /// What copying colours foreign to the hole's surroundings costs, per unit of <see cref="PatchMatchRarity"/>
    /// (mean squared colour difference per value). Steep on purpose: a badge's colours copied into a backdrop
    /// are worse than any imperfect match from the backdrop itself. 1000 still let a flag edge through in the
    /// badge test; 200–20000 scored the same on the fill bench.
    /// </summary>
    public float RarityCost { get; init; } = 5000f;

    /// <summary>
    /// Rebuild the hole at full resolution from each pixel's best patch instead of the weighted vote
    /// (keeps fine texture: on the bench's textured holes the Laplacian variance ratio rose from 0.25 to 0.5).
    /// </summary>
    public bool FinishWithBestPatches { get; init; } = true;

    /// <summary>
    /// After the best-patch finish, blend the fill into its surroundings in the gradient domain
    /// (<see cref="PatchMatchSeamBlend"/>): removes the smooth colour offsets of copied patches, keeps their texture.
    /// </summary>
    public bool BlendSeams { get; init; } = true;

    /// <summary>Mask coverage at or above which a pixel is treated as a hole (the feather below it is kept).</summary>
    public float HoleThreshold { get; init; } = 0.5f;

    /// <summary>
    /// Rows per work item in the parallel sweeps. Part of the algorithm's definition (propagation does not
    /// cross a band boundary within a sweep), so it is fixed rather than derived from the core count:
    /// results do not depend on the core count.
    /// </summary>
    public int BandRows { get; init; } = 16;

    /// <summary>Upper bound on worker threads (-1: the runtime decides). Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    internal ParallelOptions Parallelism => new() { MaxDegreeOfParallelism = MaxDegreeOfParallelism };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PatchRadius, 1, nameof(PatchRadius));
        ArgumentOutOfRangeException.ThrowIfLessThan(CoarsestShortSide, 4 * PatchRadius + 1, nameof(CoarsestShortSide));
        ArgumentOutOfRangeException.ThrowIfLessThan(CoarsestIterations, 1, nameof(CoarsestIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(FinestIterations, 1, nameof(FinestIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(SweepsPerIteration, 1, nameof(SweepsPerIteration));
        ArgumentOutOfRangeException.ThrowIfLessThan(BandRows, 1, nameof(BandRows));
        if (!(AnchorDepth >= 0f && AnchorDepth <= 20f))
            throw new ArgumentOutOfRangeException(nameof(AnchorDepth), AnchorDepth, "Must be in [0, 20] (deeper weights underflow).");
        if (!(DistancePrior >= 0f && float.IsFinite(DistancePrior)))
            throw new ArgumentOutOfRangeException(nameof(DistancePrior), DistancePrior, "Must be finite and not negative.");
        if (!(RarityCost >= 0f && float.IsFinite(RarityCost)))
            throw new ArgumentOutOfRangeException(nameof(RarityCost), RarityCost, "Must be finite and not negative.");
        if (HoleThreshold is <= 0f or > 1f)
            throw new ArgumentOutOfRangeException(nameof(HoleThreshold), HoleThreshold, "Must be in (0, 1].");
    }
}
