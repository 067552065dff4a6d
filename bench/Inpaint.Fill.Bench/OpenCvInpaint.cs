using System.Runtime.InteropServices;
using Inpaint.Shared.Imaging;
using OpenCvSharp;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Fill.Bench;

/// <summary>
/// OpenCV's classical inpainting (Telea's fast marching; Bertalmio's Navier–Stokes) through OpenCvSharp,
/// the reference the fill is measured against. Radius 3, as in OpenCV's own sample. The native runtime
/// needs GTK 3 on the machine (<c>apt-get install libgtk-3-0</c>).
/// </summary>
internal static class OpenCvInpaint
{
    public const double Radius = 3;

    public static Image<Rgba32> Fill(Image<Rgba32> input, MaskPlane hole, InpaintTypes method)
    {
        int w = input.Width, h = input.Height;
        var bgr = new byte[w * h * 3];
        var mask = new byte[w * h];
        input.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < h; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < w; x++)
                {
                    int p = y * w + x;
                    bgr[p * 3] = row[x].B;
                    bgr[p * 3 + 1] = row[x].G;
                    bgr[p * 3 + 2] = row[x].R;
                    mask[p] = hole.Data[p] >= 0.5f ? (byte)255 : (byte)0;
                }
            }
        });
        using var src = new Mat(h, w, MatType.CV_8UC3);
        using var mat = new Mat(h, w, MatType.CV_8UC1);
        Marshal.Copy(bgr, 0, src.Data, bgr.Length);
        Marshal.Copy(mask, 0, mat.Data, mask.Length);
        using var dst = new Mat();
        Cv2.Inpaint(src, mat, dst, Radius, method);
        Marshal.Copy(dst.Data, bgr, 0, bgr.Length);
        var output = input.Clone();
        output.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < h; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < w; x++)
                {
                    int p = y * w + x;
                    row[x] = new Rgba32(bgr[p * 3 + 2], bgr[p * 3 + 1], bgr[p * 3], row[x].A);
                }
            }
        });
        return output;
    }
}
