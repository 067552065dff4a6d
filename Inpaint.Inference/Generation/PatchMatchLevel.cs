using System.Runtime.Intrinsics;

namespace Inpaint.Inference.Generation;

/// <summary>
/// One level of the PatchMatch pyramid: the working colours (RGB, 0–255, interleaved), the hole, the
/// patch centres that may serve as exemplars, and the nearest-neighbour field (NNF) of every target
/// patch — a patch that overlaps the hole — into those exemplars.
/// </summary>
/// <remarks>
/// Determinism with parallelism: sweeps run bands of <c>bandRows</c> rows in parallel. Inside a band the
/// scan is sequential, so propagation reads neighbours this band already updated; across a band
/// boundary it reads a snapshot taken when the sweep began. Random draws are keyed by
/// (seed, level, sweep, pixel). Voting gathers per hole pixel and reads exemplar pixels only, which are
/// never written. Every value therefore depends only on the inputs and the seed, never on thread timing.
/// </remarks>
internal sealed class PatchMatchLevel
{
    private readonly int[] _snapshot;
    private readonly float[] _weights;

    public PatchMatchLevel(int width, int height, float[] pixels, bool[] hole, int radius, float anchorDepth, float distancePrior, float rarityCost)
    {
        AnchorDepth = anchorDepth;
        DistancePrior = distancePrior;
        RarityCost = rarityCost;
        Width = width;
        Height = height;
        Radius = radius;
        Pixels = pixels;
        Hole = hole;

        // A target is any position whose patch overlaps the hole; an exemplar centre is a position whose
        // whole patch lies inside the image and touches no hole pixel. Both come from one dilation.
        var near = Dilate(hole, width, height, radius);
        Source = new bool[width * height];
        TargetOf = new int[width * height];
        var targets = new List<int>();
        var sources = new List<int>();
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int p = y * width + x;
                TargetOf[p] = -1;
                if (near[p])
                {
                    TargetOf[p] = targets.Count;
                    targets.Add(p);
                }
                else if (x >= radius && x < width - radius && y >= radius && y < height - radius)
                {
                    Source[p] = true;
                    sources.Add(p);
                }
                if (hole[p]) HoleCount++;
            }
        }
        Targets = targets.ToArray();
        SourceList = sources.ToArray();
        Nnf = new int[Targets.Length];
        Distance = new float[Targets.Length];
        _snapshot = new int[Targets.Length];
        _weights = new float[Targets.Length];

        // Confidence of a target patch: 1 where its centre is known, falling by ConfidenceBase per
        // pixel of depth into the hole — patches near the border carry real context and should steer
        // the fill, deep ones are guesses (Wexler et al. §4).
        var depth = HoleDepth(hole, width, height);
        _confidence = new float[Targets.Length];
        for (int t = 0; t < Targets.Length; t++)
            _confidence[t] = MathF.Pow(ConfidenceBase, -depth[Targets[t]]);

        // The same confidence weighs each pixel's term in the patch distance (replicated over RGB to
        // keep the distance loop a plain multiply-add): known pixels count fully, estimates in the hole
        // less the deeper they lie, so matches near the border are anchored by the real context. The
        // decay stops at AnchorDepth: beyond it every pixel of a patch weighs the same, so a patch deep
        // in the hole is still matched on all its pixels. Without the cap the weights of a patch 60 px
        // deep underflowed to 0, every exemplar matched equally, the field stayed random there and the
        // vote averaged random patches into a blur (grass kept 3 % of its Laplacian variance).
        _pixelWeight = new float[width * height * 3];
        for (int p = 0; p < width * height; p++)
            _pixelWeight[p * 3] = _pixelWeight[p * 3 + 1] = _pixelWeight[p * 3 + 2] = MathF.Pow(ConfidenceBase, -MathF.Min(depth[p], anchorDepth) * DistanceDepthFactor);

        // Besides the colour difference a target pays for its source's distance and rarity (Prior). Both
        // are scaled by the target's total pixel weight, so they are the same share of the colour term for
        // a patch on the border (known pixels weigh 1) and one deep in the hole (every pixel weighs little).
        _targetWeight = new float[Targets.Length];
        for (int t = 0; t < Targets.Length; t++)
        {
            int p = Targets[t], x = p % width, y = p / width;
            float sum = 0;
            for (int dy = Math.Max(-radius, -y); dy <= Math.Min(radius, height - 1 - y); dy++)
                for (int dx = Math.Max(-radius, -x); dx <= Math.Min(radius, width - 1 - x); dx++)
                    sum += _pixelWeight[((y + dy) * width + x + dx) * 3] * 3;
            _targetWeight[t] = sum;
        }
        // Per squared pixel of distance: the prior is set per squared image diagonal, so it means the same at every level.
        _distanceCost = distancePrior / ((float)width * width + (float)height * height);
        _sourceCost = PatchMatchRarity.Of(width, height, pixels, hole, radius, SourceList);
        for (int p = 0; p < _sourceCost.Length; p++) _sourceCost[p] *= rarityCost;
    }

    private readonly float[] _targetWeight;
    private readonly float _distanceCost;

    /// <summary>Source pixel → its patch's rarity cost per unit of weight.</summary>
    private readonly float[] _sourceCost;

    /// <summary>
    /// What target <paramref name="t"/> pays for copying from <paramref name="source"/> on top of the colour
    /// difference: a mild pull towards near sources (the likeliest continuation of a background is close
    /// by) and a steep price on colours that the hole's surroundings do not have.
    /// </summary>
    private float Prior(int t, int source)
    {
        int p = Targets[t];
        float dx = p % Width - source % Width, dy = p / Width - source / Width;
        return _targetWeight[t] * (_distanceCost * (dx * dx + dy * dy) + _sourceCost[source]);
    }

    /// <summary>Per-pixel decay of a target's voting weight with its depth into the hole (Wexler et al. use 1.3).</summary>
    private const float ConfidenceBase = 1.3f;

    /// <summary>
    /// Depth decay of a pixel's term in the patch distance, as a power of <see cref="ConfidenceBase"/>
    /// (1.3⁵ ≈ 3.7 per pixel): the estimate inside the hole barely steers the search beyond its first
    /// pixels. Chosen on the photo cases in the tests — at 1 the fill drifted to whatever smooth exemplar
    /// matched its own blur, and lost the surrounding colour.
    /// </summary>
    private const float DistanceDepthFactor = 5f;

    private readonly float[] _confidence;
    private readonly float[] _pixelWeight;

    /// <summary>Approximate Euclidean distance (chamfer 3-4, in pixels) from each hole pixel to the nearest known pixel; 0 outside the hole.</summary>
    internal static float[] HoleDepth(bool[] hole, int width, int height)
    {
        const int big = int.MaxValue / 4;
        var d = new int[hole.Length];
        for (int p = 0; p < d.Length; p++) d[p] = hole[p] ? big : 0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int p = y * width + x;
                if (d[p] == 0) continue;
                int v = d[p];
                if (x > 0) v = Math.Min(v, d[p - 1] + 3);
                if (y > 0)
                {
                    v = Math.Min(v, d[p - width] + 3);
                    if (x > 0) v = Math.Min(v, d[p - width - 1] + 4);
                    if (x < width - 1) v = Math.Min(v, d[p - width + 1] + 4);
                }
                d[p] = v;
            }
        for (int y = height - 1; y >= 0; y--)
            for (int x = width - 1; x >= 0; x--)
            {
                int p = y * width + x;
                if (d[p] == 0) continue;
                int v = d[p];
                if (x < width - 1) v = Math.Min(v, d[p + 1] + 3);
                if (y < height - 1)
                {
                    v = Math.Min(v, d[p + width] + 3);
                    if (x < width - 1) v = Math.Min(v, d[p + width + 1] + 4);
                    if (x > 0) v = Math.Min(v, d[p + width - 1] + 4);
                }
                d[p] = v;
            }
        var result = new float[d.Length];
        for (int p = 0; p < d.Length; p++) result[p] = d[p] >= big ? 0f : d[p] / 3f;
        return result;
    }

    public int Width { get; }

    public int Height { get; }

    public int Radius { get; }

    /// <summary>Depth (px) into the hole beyond which a pixel's weight in the patch distance stops decaying.</summary>
    public float AnchorDepth { get; }

    /// <summary>Mean squared colour difference per value that a source one image diagonal away pays on top of its patch distance.</summary>
    public float DistancePrior { get; }

    /// <summary>Mean squared colour difference per value that a source pays per unit of <see cref="PatchMatchRarity"/>.</summary>
    public float RarityCost { get; }

    /// <summary>RGB interleaved, 0–255; hole pixels hold the current estimate.</summary>
    public float[] Pixels { get; }

    public bool[] Hole { get; }

    public int HoleCount { get; }

    /// <summary>True where a patch centred here may be copied from.</summary>
    public bool[] Source { get; }

    public int[] SourceList { get; }

    /// <summary>Pixel index → target slot, or -1 where the patch does not overlap the hole.</summary>
    public int[] TargetOf { get; }

    /// <summary>Target slot → pixel index of the patch centre.</summary>
    public int[] Targets { get; }

    /// <summary>Target slot → pixel index of the exemplar patch centre.</summary>
    public int[] Nnf { get; }

    /// <summary>Target slot → weighted sum of squared colour differences to its exemplar (over the in-image part of the patch) plus the exemplar's <see cref="Prior"/>.</summary>
    public float[] Distance { get; }

    /// <summary>The next coarser level: half size, hole where any child is a hole, colours averaged over known children.</summary>
    public PatchMatchLevel Downsample()
    {
        int w2 = (Width + 1) / 2, h2 = (Height + 1) / 2;
        var pixels = new float[w2 * h2 * 3];
        var hole = new bool[w2 * h2];
        for (int y = 0; y < h2; y++)
        {
            for (int x = 0; x < w2; x++)
            {
                float r = 0, g = 0, b = 0;
                int known = 0;
                bool anyHole = false;
                for (int j = 0; j < 2; j++)
                {
                    int fy = 2 * y + j;
                    if (fy >= Height) continue;
                    for (int i = 0; i < 2; i++)
                    {
                        int fx = 2 * x + i;
                        if (fx >= Width) continue;
                        int fp = fy * Width + fx;
                        if (Hole[fp]) { anyHole = true; continue; }
                        r += Pixels[fp * 3];
                        g += Pixels[fp * 3 + 1];
                        b += Pixels[fp * 3 + 2];
                        known++;
                    }
                }
                int p = y * w2 + x;
                hole[p] = anyHole;
                if (known > 0)
                {
                    pixels[p * 3] = r / known;
                    pixels[p * 3 + 1] = g / known;
                    pixels[p * 3 + 2] = b / known;
                }
            }
        }
        return new PatchMatchLevel(w2, h2, pixels, hole, Radius, AnchorDepth, DistancePrior, RarityCost);
    }

    /// <summary>
    /// Initial hole colours where nothing coarser exists: peel the hole layer by layer from its border,
    /// each pixel taking the mean of its already-known 8-neighbours.
    /// </summary>
    public void FillHoleByOnionPeel()
    {
        var known = new bool[Hole.Length];
        for (int p = 0; p < known.Length; p++) known[p] = !Hole[p];
        var layer = new List<(int P, float R, float G, float B)>();
        int remaining = HoleCount;
        while (remaining > 0)
        {
            layer.Clear();
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                {
                    int p = y * Width + x;
                    if (known[p]) continue;
                    float r = 0, g = 0, b = 0;
                    int n = 0;
                    for (int dy = -1; dy <= 1; dy++)
                    {
                        int ny = y + dy;
                        if ((uint)ny >= (uint)Height) continue;
                        for (int dx = -1; dx <= 1; dx++)
                        {
                            int nx = x + dx;
                            if ((uint)nx >= (uint)Width) continue;
                            int q = ny * Width + nx;
                            if (!known[q]) continue;
                            r += Pixels[q * 3];
                            g += Pixels[q * 3 + 1];
                            b += Pixels[q * 3 + 2];
                            n++;
                        }
                    }
                    if (n > 0) layer.Add((p, r / n, g / n, b / n));
                }
            }
            if (layer.Count == 0)
            {
                // Nothing known anywhere: a neutral grey is as good as any guess.
                for (int p = 0; p < known.Length; p++)
                    if (!known[p]) Pixels[p * 3] = Pixels[p * 3 + 1] = Pixels[p * 3 + 2] = 127.5f;
                return;
            }
            foreach (var (p, r, g, b) in layer)
            {
                Pixels[p * 3] = r;
                Pixels[p * 3 + 1] = g;
                Pixels[p * 3 + 2] = b;
                known[p] = true;
            }
            remaining -= layer.Count;
        }
    }

    /// <summary>
    /// Initial hole colours at the coarsest level: the membrane (harmonic) interpolation of the border, per
    /// channel (<see cref="HarmonicFill.Solve"/>). An edge that crosses the hole starts as a straight blend
    /// between its two sides, where the onion peel let whichever side peeled first grow into the hole: in the
    /// product demo the dark table rose into a mound where the removed model's stand had been.
    /// </summary>
    public void FillHoleByMembrane()
    {
        var known = new bool[Hole.Length];
        for (int p = 0; p < known.Length; p++) known[p] = !Hole[p];
        var planes = new float[3][];
        for (int c = 0; c < 3; c++)
        {
            planes[c] = new float[Hole.Length];
            for (int p = 0; p < Hole.Length; p++) planes[c][p] = Pixels[p * 3 + c];
        }

        HarmonicFill.Solve(planes, known, Width, Height, CancellationToken.None);
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < Hole.Length; p++)
                if (Hole[p]) Pixels[p * 3 + c] = planes[c][p];
    }

    /// <summary>Assigns every target a random exemplar (keyed by seed and pixel) and measures it.</summary>
    public void RandomiseField(long seed, int level, ParallelOptions parallelism)
    {
        for (int t = 0; t < Targets.Length; t++)
        {
            var rng = SplitMix64.For(seed, level, -1, Targets[t]);
            Nnf[t] = SourceList[rng.NextInt(SourceList.Length)];
        }
        RecomputeDistances(parallelism);
    }

    /// <summary>
    /// Starts this level from the finished coarser one: hole colours by bilinear upsampling, and each
    /// target's exemplar as twice the coarse exemplar plus the target's sub-pixel offset.
    /// </summary>
    public void UpsampleFrom(PatchMatchLevel coarse, long seed, int level, int bandRows, ParallelOptions parallelism)
    {
        for (int y = 0; y < Height; y++)
        {
            float cy = Math.Clamp((y + 0.5f) / 2f - 0.5f, 0f, coarse.Height - 1);
            int y0 = (int)cy, y1 = Math.Min(y0 + 1, coarse.Height - 1);
            float fy = cy - y0;
            for (int x = 0; x < Width; x++)
            {
                int p = y * Width + x;
                if (!Hole[p]) continue;
                float cx = Math.Clamp((x + 0.5f) / 2f - 0.5f, 0f, coarse.Width - 1);
                int x0 = (int)cx, x1 = Math.Min(x0 + 1, coarse.Width - 1);
                float fx = cx - x0;
                for (int c = 0; c < 3; c++)
                {
                    float top = coarse.Pixels[(y0 * coarse.Width + x0) * 3 + c] * (1 - fx) + coarse.Pixels[(y0 * coarse.Width + x1) * 3 + c] * fx;
                    float bottom = coarse.Pixels[(y1 * coarse.Width + x0) * 3 + c] * (1 - fx) + coarse.Pixels[(y1 * coarse.Width + x1) * 3 + c] * fx;
                    Pixels[p * 3 + c] = top * (1 - fy) + bottom * fy;
                }
            }
        }

        for (int t = 0; t < Targets.Length; t++)
        {
            int p = Targets[t];
            int x = p % Width, y = p / Width;
            int cp = Math.Min(y / 2, coarse.Height - 1) * coarse.Width + Math.Min(x / 2, coarse.Width - 1);
            int ct = coarse.TargetOf[cp];
            int candidate = -1;
            if (ct >= 0)
            {
                int cs = coarse.Nnf[ct];
                int sx = Math.Clamp(2 * (cs % coarse.Width) + (x & 1), Radius, Width - 1 - Radius);
                int sy = Math.Clamp(2 * (cs / coarse.Width) + (y & 1), Radius, Height - 1 - Radius);
                candidate = sy * Width + sx;
            }
            if (candidate < 0 || !Source[candidate])
            {
                var rng = SplitMix64.For(seed, level, -1, p);
                candidate = SourceList[rng.NextInt(SourceList.Length)];
            }
            Nnf[t] = candidate;
        }

        // Vote once with the inherited field before any search: it copies this level's sharp exemplar
        // pixels into the hole. Searching first would match the blurry upsampled colours to smooth
        // exemplars and lose the structure the coarse level found. The distances measured on the blurry
        // estimate say little, so this vote weighs every patch equally.
        Array.Fill(Distance, 0f);
        Vote(bandRows, parallelism);
        RecomputeDistances(parallelism);
    }

    public void RecomputeDistances(ParallelOptions parallelism)
    {
        Parallel.For(0, (Targets.Length + 4095) / 4096, parallelism, chunk =>
        {
            int end = Math.Min(Targets.Length, (chunk + 1) * 4096);
            for (int t = chunk * 4096; t < end; t++)
            {
                int p = Targets[t], s = Nnf[t];
                Distance[t] = Prior(t, s) + PatchDistance(p % Width, p / Width, s % Width, s / Width, float.PositiveInfinity);
            }
        });
    }

    /// <summary>
    /// One PatchMatch sweep: propagation from the scan predecessors, then random search around the best match,
    /// starting at <paramref name="searchRadius"/> pixels and halving down to 1.
    /// </summary>
    public void Sweep(long seed, int level, int sweep, int searchRadius, int bandRows, ParallelOptions parallelism)
    {
        Array.Copy(Nnf, _snapshot, Nnf.Length);
        bool forward = (sweep & 1) == 0;
        int bands = (Height + bandRows - 1) / bandRows;
        Parallel.For(0, bands, parallelism, band => SweepBand(band * bandRows, Math.Min(Height, (band + 1) * bandRows), forward, seed, level, sweep, searchRadius));
    }

    private void SweepBand(int yStart, int yEnd, bool forward, long seed, int level, int sweep, int searchRadius)
    {
        int w = Width, h = Height, r = Radius;
        int step = forward ? 1 : -1;
        for (int i = 0; i < yEnd - yStart; i++)
        {
            int y = forward ? yStart + i : yEnd - 1 - i;
            int ny = y - step;
            // The vertical predecessor belongs to this band (already swept now) or to another (read its snapshot).
            var verticalField = ny >= yStart && ny < yEnd ? Nnf : _snapshot;
            for (int j = 0; j < w; j++)
            {
                int x = forward ? j : w - 1 - j;
                int p = y * w + x;
                int t = TargetOf[p];
                if (t < 0) continue;
                int best = Nnf[t];
                float bestDistance = Distance[t];

                int nx = x - step;
                if ((uint)nx < (uint)w)
                {
                    int tn = TargetOf[y * w + nx];
                    if (tn >= 0) Try(t, Nnf[tn] + step, x, y, ref best, ref bestDistance);
                }
                if ((uint)ny < (uint)h)
                {
                    int tn = TargetOf[ny * w + x];
                    if (tn >= 0) Try(t, verticalField[tn] + step * w, x, y, ref best, ref bestDistance);
                }

                var rng = SplitMix64.For(seed, level, sweep, p);
                for (int radius = searchRadius; radius >= 1; radius >>= 1)
                {
                    int bx = best % w, by = best / w;
                    int cx = Math.Clamp(bx + rng.NextInt(2 * radius + 1) - radius, r, w - 1 - r);
                    int cy = Math.Clamp(by + rng.NextInt(2 * radius + 1) - radius, r, h - 1 - r);
                    Try(t, cy * w + cx, x, y, ref best, ref bestDistance);
                }

                Nnf[t] = best;
                Distance[t] = bestDistance;
            }
        }
    }

    private void Try(int t, int candidate, int x, int y, ref int best, ref float bestDistance)
    {
        if ((uint)candidate >= (uint)Source.Length || candidate == best || !Source[candidate]) return;
        float prior = Prior(t, candidate);
        if (prior >= bestDistance) return;
        float d = prior + PatchDistance(x, y, candidate % Width, candidate / Width, bestDistance - prior);
        if (d < bestDistance)
        {
            bestDistance = d;
            best = candidate;
        }
    }

    /// <summary>
    /// Sum of squared RGB differences between the target patch at (qx, qy) and the exemplar at (sx, sy),
    /// over the target patch's in-image pixels; stops early once it reaches <paramref name="cutoff"/>.
    /// The exemplar lies wholly inside the image, so only the target side needs clipping.
    /// </summary>
    private float PatchDistance(int qx, int qy, int sx, int sy, float cutoff)
    {
        int r = Radius, w = Width;
        int x0 = Math.Max(-r, -qx), x1 = Math.Min(r, w - 1 - qx);
        int y0 = Math.Max(-r, -qy), y1 = Math.Min(r, Height - 1 - qy);
        int length = (x1 - x0 + 1) * 3;
        var px = Pixels;
        float sum = 0;
        for (int dy = y0; dy <= y1; dy++)
        {
            int t = ((qy + dy) * w + qx + x0) * 3;
            sum += WeightedSquaredDifference(px.AsSpan(t, length), px.AsSpan(((sy + dy) * w + sx + x0) * 3, length), _pixelWeight.AsSpan(t, length));
            if (sum >= cutoff) return sum;
        }
        return sum;
    }

    private static float WeightedSquaredDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> weight)
    {
        // Lanes: 4 consecutive interleaved channel values (RGBRGB…) per step; the weight plane is
        // interleaved the same way, so lane k of all three vectors is the same value. The width is fixed
        // at 4 (not Vector<T>.Count) and the scalar path keeps the same 4 partial sums, so the rounding —
        // and with it every match decision — is the same with or without SIMD, whatever the CPU's width.
        // Remainder: up to 3 values added after the lanes are summed, in order.
        int i = 0;
        float l0 = 0, l1 = 0, l2 = 0, l3 = 0;
        int last = a.Length - 4;
        if (Vector128.IsHardwareAccelerated)
        {
            var acc = Vector128<float>.Zero;
            for (; i <= last; i += 4)
            {
                var d = Vector128.Create(a.Slice(i, 4)) - Vector128.Create(b.Slice(i, 4));
                acc += Vector128.Create(weight.Slice(i, 4)) * d * d;
            }
            l0 = acc.GetElement(0);
            l1 = acc.GetElement(1);
            l2 = acc.GetElement(2);
            l3 = acc.GetElement(3);
        }
        else
        {
            for (; i <= last; i += 4)
            {
                float d0 = a[i] - b[i], d1 = a[i + 1] - b[i + 1], d2 = a[i + 2] - b[i + 2], d3 = a[i + 3] - b[i + 3];
                l0 += weight[i] * d0 * d0;
                l1 += weight[i + 1] * d1 * d1;
                l2 += weight[i + 2] * d2 * d2;
                l3 += weight[i + 3] * d3 * d3;
            }
        }
        float sum = (l0 + l1) + (l2 + l3);
        for (; i < a.Length; i++)
        {
            float d = a[i] - b[i];
            sum += weight[i] * d * d;
        }
        return sum;
    }

    /// <summary>
    /// Voting: every hole pixel becomes the weighted mean of the exemplar pixels that the overlapping
    /// target patches propose for it; a patch's weight falls off with its match distance
    /// (exp(−d/d̄), d the weighted mean squared difference per value, d̄ its mean over all targets) and
    /// with the depth of its centre in the hole (<see cref="ConfidenceBase"/> per pixel).
    /// </summary>
    public void Vote(int bandRows, ParallelOptions parallelism)
    {
        int r = Radius, w = Width, h = Height;
        double total = 0;
        for (int t = 0; t < Targets.Length; t++)
        {
            int p = Targets[t];
            int x = p % w, y = p / w;
            int area = (Math.Min(r, w - 1 - x) + Math.Min(r, x) + 1) * (Math.Min(r, h - 1 - y) + Math.Min(r, y) + 1) * 3;
            _weights[t] = Distance[t] / area;
            total += _weights[t];
        }
        float scale = (float)Math.Max(total / Math.Max(1, Targets.Length), 1e-3);
        for (int t = 0; t < _weights.Length; t++)
            _weights[t] = _confidence[t] * MathF.Exp(-_weights[t] / scale);

        int bands = (h + bandRows - 1) / bandRows;
        Parallel.For(0, bands, parallelism, band =>
        {
            int yEnd = Math.Min(h, (band + 1) * bandRows);
            for (int y = band * bandRows; y < yEnd; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int p = y * w + x;
                    if (!Hole[p]) continue;
                    float sr = 0, sg = 0, sb = 0, sw = 0;
                    for (int dy = -r; dy <= r; dy++)
                    {
                        int qy = y - dy;
                        if ((uint)qy >= (uint)h) continue;
                        for (int dx = -r; dx <= r; dx++)
                        {
                            int qx = x - dx;
                            if ((uint)qx >= (uint)w) continue;
                            int t = TargetOf[qy * w + qx];
                            // Every position within r of a hole pixel is a target.
                            int s = (Nnf[t] + dy * w + dx) * 3;
                            float wt = _weights[t];
                            sr += wt * Pixels[s];
                            sg += wt * Pixels[s + 1];
                            sb += wt * Pixels[s + 2];
                            sw += wt;
                        }
                    }
                    if (sw > 0)
                    {
                        Pixels[p * 3] = sr / sw;
                        Pixels[p * 3 + 1] = sg / sw;
                        Pixels[p * 3 + 2] = sb / sw;
                    }
                }
            }
        });
    }

    /// <summary>
    /// Final reconstruction without averaging: each hole pixel takes its value from the best-matching
    /// patch among the target patches that cover it — lowest distance per value, divided by the patch's
    /// confidence so patches anchored on known pixels win near the border (after Newson et al. 2017,
    /// "Non-local patch-based image inpainting"). The weighted vote averages up to 49 exemplars per pixel
    /// and smooths fine texture away; copying from one exemplar keeps it, and the field is coherent
    /// after the EM iterations, so the copied pieces are whole patches, not isolated pixels.
    /// Ties go to the first patch in scan order, so the result is deterministic.
    /// </summary>
    /// <returns>Pixel index → the exemplar pixel its colour was copied from (-1 outside the hole).</returns>
    public int[] ReconstructFromBestPatches(int bandRows, ParallelOptions parallelism)
    {
        int r = Radius, w = Width, h = Height;
        for (int t = 0; t < Targets.Length; t++)
        {
            int p = Targets[t];
            int x = p % w, y = p / w;
            int area = (Math.Min(r, w - 1 - x) + Math.Min(r, x) + 1) * (Math.Min(r, h - 1 - y) + Math.Min(r, y) + 1) * 3;
            _weights[t] = Distance[t] / area / _confidence[t];
        }
        var output = new float[Pixels.Length];
        var copiedFrom = new int[Hole.Length];
        Array.Fill(copiedFrom, -1);
        int bands = (h + bandRows - 1) / bandRows;
        Parallel.For(0, bands, parallelism, band =>
        {
            int yEnd = Math.Min(h, (band + 1) * bandRows);
            for (int y = band * bandRows; y < yEnd; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int p = y * w + x;
                    if (!Hole[p]) continue;
                    float best = float.PositiveInfinity;
                    int bestSource = -1;
                    for (int dy = -r; dy <= r; dy++)
                    {
                        int qy = y - dy;
                        if ((uint)qy >= (uint)h) continue;
                        for (int dx = -r; dx <= r; dx++)
                        {
                            int qx = x - dx;
                            if ((uint)qx >= (uint)w) continue;
                            int t = TargetOf[qy * w + qx];
                            if (_weights[t] < best)
                            {
                                best = _weights[t];
                                bestSource = Nnf[t] + dy * w + dx;
                            }
                        }
                    }
                    copiedFrom[p] = bestSource;
                    output[p * 3] = Pixels[bestSource * 3];
                    output[p * 3 + 1] = Pixels[bestSource * 3 + 1];
                    output[p * 3 + 2] = Pixels[bestSource * 3 + 2];
                }
            }
        });
        for (int p = 0; p < Hole.Length; p++)
        {
            if (!Hole[p]) continue;
            Pixels[p * 3] = output[p * 3];
            Pixels[p * 3 + 1] = output[p * 3 + 1];
            Pixels[p * 3 + 2] = output[p * 3 + 2];
        }
        return copiedFrom;
    }

    /// <summary>Chebyshev dilation by <paramref name="radius"/> (separable running maximum).</summary>
    private static bool[] Dilate(bool[] mask, int width, int height, int radius)
    {
        var rows = new bool[mask.Length];
        for (int y = 0; y < height; y++)
        {
            int lastSet = int.MinValue / 2;
            // forward pass: set if a hole lies within radius to the left
            for (int x = 0; x < width; x++)
            {
                if (mask[y * width + x]) lastSet = x;
                rows[y * width + x] = x - lastSet <= radius;
            }
            lastSet = int.MaxValue / 2;
            for (int x = width - 1; x >= 0; x--)
            {
                if (mask[y * width + x]) lastSet = x;
                if (lastSet - x <= radius) rows[y * width + x] = true;
            }
        }
        var result = new bool[mask.Length];
        for (int x = 0; x < width; x++)
        {
            int lastSet = int.MinValue / 2;
            for (int y = 0; y < height; y++)
            {
                if (rows[y * width + x]) lastSet = y;
                result[y * width + x] = y - lastSet <= radius;
            }
            lastSet = int.MaxValue / 2;
            for (int y = height - 1; y >= 0; y--)
            {
                if (rows[y * width + x]) lastSet = y;
                if (lastSet - y <= radius) result[y * width + x] = true;
            }
        }
        return result;
    }
}
