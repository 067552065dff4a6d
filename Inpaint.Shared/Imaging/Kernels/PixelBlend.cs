using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Imaging.Kernels;

/// <summary>The per-row blend of the compositor: dst = dst·(1 − α) + gen·α in premultiplied alpha.</summary>
internal static class PixelBlend
{
    public static void Row(Span<Rgba32> destination, ReadOnlySpan<Rgba32> generated, ReadOnlySpan<float> alpha)
    {
        for (var x = 0; x < destination.Length; x++)
        {
            var a = alpha[x];
            if (!(a > 0f)) continue;                       // α = 0 (or NaN): the original, bit for bit
            var s = destination[x];
            var g = generated[x];
            if (s == g) continue;                          // unchanged pixel: exact whatever α is
            if (a >= 1f)
            {
                destination[x] = g;
                continue;
            }

            if (s.A == 255 && g.A == 255)
            {
                // 8.8 fixed point: w in 0..256; w = 0 keeps s, w = 256 takes g exactly.
                var w = (int)(a * 256f + 0.5f);
                var iw = 256 - w;
                destination[x] = new Rgba32(
                    (byte)((s.R * iw + g.R * w + 128) >> 8),
                    (byte)((s.G * iw + g.G * w + 128) >> 8),
                    (byte)((s.B * iw + g.B * w + 128) >> 8),
                    255);
                continue;
            }

            // General case in premultiplied alpha.
            var sa = s.A / 255f * (1f - a);
            var ga = g.A / 255f * a;
            var oa = sa + ga;
            if (oa <= 0f) continue;                        // both fully transparent: keep the original

            var inv = 1f / oa;
            destination[x] = new Rgba32(
                (byte)Math.Clamp((int)((s.R * sa + g.R * ga) * inv + 0.5f), 0, 255),
                (byte)Math.Clamp((int)((s.G * sa + g.G * ga) * inv + 0.5f), 0, 255),
                (byte)Math.Clamp((int)((s.B * sa + g.B * ga) * inv + 0.5f), 0, 255),
                (byte)Math.Clamp((int)(oa * 255f + 0.5f), 0, 255));
        }
    }
}
