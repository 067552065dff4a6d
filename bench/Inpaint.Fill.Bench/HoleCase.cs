using Inpaint.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Fill.Bench;

/// <summary>One ground-truth case: the true photo, the hole (1 inside), and what kind of surface the hole lies on.</summary>
internal sealed record HoleCase(string Name, string Surface, string Shape, Image<Rgba32> Truth, MaskPlane Hole)
{
    public int HolePixels => Hole.Data.Count(v => v >= 0.5f);

    public double HoleShare => (double)HolePixels / Hole.Data.Length;

    /// <summary>The input a user would send: the photo with the hole painted mid grey, so nothing of the truth leaks.</summary>
    public Image<Rgba32> GreyHoleInput()
    {
        var input = Truth.Clone();
        input.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                    if (Hole[x, y] >= 0.5f) row[x] = new Rgba32(128, 128, 128, 255);
            }
        });
        return input;
    }
}
