using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Imaging.Kernels;

/// <summary>
/// The per-row blend of the compositor: dst = dst·(1 − α) + gen·α in premultiplied alpha.
/// A row is walked as runs: α = 0 runs are skipped (vectorised search; the original stays bit for bit),
/// α = 1 runs are copied from the generated row, and only the feathered pixels in between are blended —
/// four at a time with 16-bit SIMD when the four source and generated pixels are opaque.
/// </summary>
internal static class PixelBlend
{
    public static void Row(Span<Rgba32> destination, ReadOnlySpan<Rgba32> generated, ReadOnlySpan<float> alpha)
    {
        var x = 0;
        var n = destination.Length;
        while (x < n)
        {
            // Skip α = 0 (also −0); NaN is treated as 0 by the blend below.
            var skip = alpha[x..].IndexOfAnyExcept(0f);
            if (skip < 0) return;
            x += skip;

            // A run of α = 1 (or more): the generated pixels as they are.
            var ones = alpha[x..].IndexOfAnyExcept(1f);
            var onesEnd = ones < 0 ? n : x + ones;
            if (onesEnd > x)
            {
                generated[x..onesEnd].CopyTo(destination[x..onesEnd]);
                x = onesEnd;
                continue;
            }

            // A run of fractional α up to the next exact 0 or 1.
            var end = x + 1;
            while (end < n && alpha[end] != 0f && alpha[end] != 1f) end++;
            Blend(destination[x..end], generated[x..end], alpha[x..end]);
            x = end;
        }
    }

    private static void Blend(Span<Rgba32> destination, ReadOnlySpan<Rgba32> generated, ReadOnlySpan<float> alpha)
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // Four pixels per step. Bytes: 16 lanes = 4 pixels × (R, G, B, A). Widened to 16-bit, the low
            // half holds pixels 0–1 and the high half pixels 2–3, four lanes per pixel; the weight vector
            // repeats each pixel's w four times to match. out = (s·(256 − w) + g·w + 128) >> 8 fits in 16
            // bits (≤ 255·256 + 128); w = 0 gives s and w = 256 gives g exactly. The alpha lane is blended
            // too, which for two opaque pixels yields 255. Groups with a non-opaque pixel, and the last
            // n mod 4 pixels, take the scalar path.
            var dstBytes = MemoryMarshal.AsBytes(destination);
            var genBytes = MemoryMarshal.AsBytes(generated);
            var round = Vector128.Create((ushort)128);
            var full = Vector128.Create((ushort)256);
            for (; i <= destination.Length - 4; i += 4)
            {
                var s = Vector128.Create<byte>(dstBytes.Slice(i * 4, 16));
                var g = Vector128.Create<byte>(genBytes.Slice(i * 4, 16));
                if ((s & g).AsUInt32() is var both && (both & Vector128.Create(0xFF000000u)) != Vector128.Create(0xFF000000u))
                {
                    for (var k = i; k < i + 4; k++) destination[k] = BlendOne(destination[k], generated[k], alpha[k]);
                    continue;
                }

                ushort w0 = Weight(alpha[i]), w1 = Weight(alpha[i + 1]), w2 = Weight(alpha[i + 2]), w3 = Weight(alpha[i + 3]);
                var wLow = Vector128.Create(w0, w0, w0, w0, w1, w1, w1, w1);
                var wHigh = Vector128.Create(w2, w2, w2, w2, w3, w3, w3, w3);
                var (sLow, sHigh) = Vector128.Widen(s);
                var (gLow, gHigh) = Vector128.Widen(g);
                var low = (sLow * (full - wLow) + gLow * wLow + round) >>> 8;
                var high = (sHigh * (full - wHigh) + gHigh * wHigh + round) >>> 8;
                Vector128.Narrow(low, high).CopyTo(dstBytes.Slice(i * 4, 16));
            }
        }

        for (; i < destination.Length; i++) destination[i] = BlendOne(destination[i], generated[i], alpha[i]);
    }

    /// <summary>α → 8.8 fixed-point weight in 0..256 (NaN → 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort Weight(float a) => a > 0f ? (ushort)Math.Min(256, (int)(a * 256f + 0.5f)) : (ushort)0;

    private static Rgba32 BlendOne(Rgba32 s, Rgba32 g, float a)
    {
        if (!(a > 0f) || s == g) return s;                 // α = 0 (or NaN), or nothing to change
        if (a >= 1f) return g;
        if (s.A == 255 && g.A == 255)
        {
            int w = Weight(a), iw = 256 - w;
            return new Rgba32(
                (byte)((s.R * iw + g.R * w + 128) >> 8),
                (byte)((s.G * iw + g.G * w + 128) >> 8),
                (byte)((s.B * iw + g.B * w + 128) >> 8),
                255);
        }

        // General case in premultiplied alpha, then back to straight alpha.
        var sa = s.A / 255f * (1f - a);
        var ga = g.A / 255f * a;
        var oa = sa + ga;
        if (oa <= 0f) return s;                            // both fully transparent: keep the original
        var inv = 1f / oa;
        return new Rgba32(
            (byte)Math.Clamp((int)((s.R * sa + g.R * ga) * inv + 0.5f), 0, 255),
            (byte)Math.Clamp((int)((s.G * sa + g.G * ga) * inv + 0.5f), 0, 255),
            (byte)Math.Clamp((int)((s.B * sa + g.B * ga) * inv + 0.5f), 0, 255),
            (byte)Math.Clamp((int)(oa * 255f + 0.5f), 0, 255));
    }
}
