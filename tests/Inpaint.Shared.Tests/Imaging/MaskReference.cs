using Inpaint.Shared.Imaging;

namespace Inpaint.Shared.Tests.Imaging;

/// <summary>Slow, obviously-correct references the kernels are compared against.</summary>
internal static class MaskReference
{
    /// <summary>1 where some pixel ≥ 0.5 lies within Euclidean distance ≤ r (every pair checked).</summary>
    public static MaskPlane Dilate(MaskPlane mask, int radius)
    {
        var result = new MaskPlane(mask.Width, mask.Height);
        var set = new List<(int X, int Y)>();
        for (var y = 0; y < mask.Height; y++)
            for (var x = 0; x < mask.Width; x++)
                if (mask[x, y] >= 0.5f) set.Add((x, y));
        for (var y = 0; y < mask.Height; y++)
            for (var x = 0; x < mask.Width; x++)
                foreach (var (px, py) in set)
                    if ((long)(x - px) * (x - px) + (long)(y - py) * (y - py) <= (long)radius * radius)
                    {
                        result[x, y] = 1f;
                        break;
                    }
        return result;
    }

    /// <summary>Separable convolution with a sampled Gaussian truncated at 5σ, edge pixels replicated.</summary>
    public static MaskPlane GaussianBlur(MaskPlane mask, double sigma)
    {
        var radius = (int)Math.Ceiling(5 * sigma);
        var kernel = new double[2 * radius + 1];
        var total = 0.0;
        for (var k = -radius; k <= radius; k++) total += kernel[k + radius] = Math.Exp(-k * k / (2 * sigma * sigma));
        for (var k = 0; k < kernel.Length; k++) kernel[k] /= total;

        int w = mask.Width, h = mask.Height;
        var tmp = new double[w * h];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var sum = 0.0;
                for (var k = -radius; k <= radius; k++) sum += kernel[k + radius] * mask[Math.Clamp(x + k, 0, w - 1), y];
                tmp[y * w + x] = sum;
            }

        var result = new MaskPlane(w, h);
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var sum = 0.0;
                for (var k = -radius; k <= radius; k++) sum += kernel[k + radius] * tmp[Math.Clamp(y + k, 0, h - 1) * w + x];
                result[x, y] = (float)sum;
            }

        return result;
    }

    /// <summary>
    /// 2-D tent resampling written out per output pixel: centre (i + ½)·s − ½, half-width max(1, s) per axis,
    /// weights (1 − |d|/r)·(1 − |e|/r') over source pixels inside the image, normalised.
    /// </summary>
    public static MaskPlane TentResize(MaskPlane mask, int width, int height)
    {
        double sx = (double)mask.Width / width, sy = (double)mask.Height / height;
        double rx = Math.Max(1, sx), ry = Math.Max(1, sy);
        var result = new MaskPlane(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                double cx = (x + 0.5) * sx - 0.5, cy = (y + 0.5) * sy - 0.5, sum = 0, total = 0;
                for (var v = 0; v < mask.Height; v++)
                    for (var u = 0; u < mask.Width; u++)
                    {
                        var weight = Math.Max(0, 1 - Math.Abs(u - cx) / rx) * Math.Max(0, 1 - Math.Abs(v - cy) / ry);
                        sum += weight * mask[u, v];
                        total += weight;
                    }
                result[x, y] = (float)(sum / total);
            }
        return result;
    }
}
