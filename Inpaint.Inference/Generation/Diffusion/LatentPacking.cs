namespace Inpaint.Inference.Generation.Diffusion;

/// <summary>
/// FLUX's 2×2 patch packing. <c>Pack</c> is diffusers' <c>_pack_latents</c>:
/// [B, C, h, w] → view(B, C, h/2, 2, w/2, 2).permute(0, 2, 4, 1, 3, 5) → [B, (h/2)(w/2), 4C], i.e. token
/// i·(w/2) + j, channel c·4 + dy·2 + dx holds latent (c, 2i + dy, 2j + dx). <c>Unpack</c> is its inverse.
/// </summary>
internal static class LatentPacking
{
    public static float[] Pack(ReadOnlySpan<float> latents, int batch, int channels, int h, int w)
    {
        int hp = h / 2, wp = w / 2, tokens = hp * wp, width = 4 * channels;
        var packed = new float[batch * tokens * width];
        for (int b = 0; b < batch; b++)
            for (int c = 0; c < channels; c++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        int token = (y >> 1) * wp + (x >> 1);
                        int channel = c * 4 + (y & 1) * 2 + (x & 1);
                        packed[(b * tokens + token) * width + channel] = latents[((b * channels + c) * h + y) * w + x];
                    }
        return packed;
    }

    public static float[] Unpack(ReadOnlySpan<float> packed, int batch, int channels, int h, int w)
    {
        int hp = h / 2, wp = w / 2, tokens = hp * wp, width = 4 * channels;
        var latents = new float[batch * channels * h * w];
        for (int b = 0; b < batch; b++)
            for (int c = 0; c < channels; c++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        int token = (y >> 1) * wp + (x >> 1);
                        int channel = c * 4 + (y & 1) * 2 + (x & 1);
                        latents[((b * channels + c) * h + y) * w + x] = packed[(b * tokens + token) * width + channel];
                    }
        return latents;
    }

    /// <summary>
    /// FluxFill's mask latents for one sample: the binary pixel mask [H, W] (H = 8h, W = 8w) as
    /// view(h, 8, w, 8).permute(1, 3, 0, 2) → [64, h, w], channel py·8 + px holding pixel (8y + py, 8x + px).
    /// </summary>
    public static float[] MaskToChannels(ReadOnlySpan<float> mask, int h, int w)
    {
        int width = 8 * w;
        var channels = new float[64 * h * w];
        for (int py = 0; py < 8; py++)
            for (int px = 0; px < 8; px++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                        channels[((py * 8 + px) * h + y) * w + x] = mask[(8 * y + py) * width + 8 * x + px];
        return channels;
    }

    /// <summary><c>img_ids</c>: [(h/2)(w/2), 3] rows (0, row, column) over the packed grid.</summary>
    public static float[] ImageIds(int h, int w)
    {
        int hp = h / 2, wp = w / 2;
        var ids = new float[hp * wp * 3];
        for (int i = 0; i < hp; i++)
            for (int j = 0; j < wp; j++)
            {
                ids[(i * wp + j) * 3 + 1] = i;
                ids[(i * wp + j) * 3 + 2] = j;
            }
        return ids;
    }
}
