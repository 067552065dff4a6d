using Inpaint.Shared.Imaging;

namespace Inpaint.Fill.Bench;

/// <summary>
/// Ground-truth holes: for each surface (a photo and the box where the hole's centre may fall) one hole
/// of 3–8 % of the photo, its shape (disc, ellipse, rectangle or a blob of overlapping discs), size,
/// angle and centre drawn from the set's seed. Seed 1 is the development set the fill was tuned on;
/// any other seed gives a fresh set to judge it (the judging set's seed is not kept in the repository).
/// </summary>
internal static class HoleSet
{
    /// <summary>The surfaces: wall, textures, fabric, fur, wood and sky-like areas (centre boxes chosen by eye).</summary>
    private static readonly (string Photo, string Surface, int X0, int Y0, int X1, int Y1)[] Surfaces =
    [
        ("brick.png", "wall (brick)", 128, 128, 384, 384),
        ("grass.png", "grass", 128, 128, 384, 384),
        ("gravel.png", "gravel", 128, 128, 384, 384),
        ("coffee.png", "wood (table)", 500, 80, 540, 330),
        ("chelsea.png", "fur (cat)", 60, 140, 140, 240),
        ("astronaut.png", "fabric (suit)", 60, 330, 110, 440),
        ("rocket.jpg", "sky (dusk, left)", 230, 60, 280, 220),
        ("rocket.jpg", "sky (dusk, right)", 360, 60, 420, 220),
        ("camera.png", "sky (clear)", 400, 45, 470, 60),
        ("camera.png", "field (grass)", 380, 300, 460, 440),
    ];

    public static IReadOnlyList<HoleCase> Create(int seed)
    {
        var random = new Random(seed);
        var cases = new List<HoleCase>();
        foreach (var (photo, surface, x0, y0, x1, y1) in Surfaces)
        {
            var truth = BenchPhotos.Load(photo);
            double share = 0.03 + 0.05 * random.NextDouble();
            double cx = x0 + (x1 - x0) * random.NextDouble();
            double cy = y0 + (y1 - y0) * random.NextDouble();
            var shape = (HoleShape)random.Next(4);
            double angle = Math.PI * random.NextDouble();
            double aspect = 1.5 + 1.5 * random.NextDouble();
            var blob = Enumerable.Range(0, 4).Select(_ => (Dx: random.NextDouble() * 2 - 1, Dy: random.NextDouble() * 2 - 1, R: 0.5 + 0.5 * random.NextDouble())).ToArray();
            var mask = Draw(truth.Width, truth.Height, share, cx, cy, shape, angle, aspect, blob);
            cases.Add(new HoleCase($"{Path.GetFileNameWithoutExtension(photo)} {surface}", surface, shape.ToString().ToLowerInvariant(), truth, mask));
        }
        return cases;
    }

    private enum HoleShape { Disc, Ellipse, Rectangle, Blob }

    /// <summary>Scales the shape until it covers the wanted share of the photo (area ∝ scale², refined a few times after clipping).</summary>
    private static MaskPlane Draw(int width, int height, double share, double cx, double cy, HoleShape shape, double angle, double aspect, (double Dx, double Dy, double R)[] blob)
    {
        double target = share * width * height, scale = Math.Sqrt(target / Math.PI);
        MaskPlane mask = new(width, height);
        for (int attempt = 0; attempt < 6; attempt++)
        {
            mask = new MaskPlane(width, height);
            int area = 0;
            double cos = Math.Cos(angle), sin = Math.Sin(angle);
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                    double u = (dx * cos + dy * sin) / scale, v = (-dx * sin + dy * cos) / scale;
                    bool inside = shape switch
                    {
                        HoleShape.Disc => u * u + v * v <= 1,
                        HoleShape.Ellipse => u * u / aspect + v * v * aspect <= 1,
                        HoleShape.Rectangle => Math.Abs(u) <= 0.9 * Math.Sqrt(aspect / 1.5) && Math.Abs(v) <= 0.9 / Math.Sqrt(aspect / 1.5),
                        _ => blob.Any(b => (u - 0.8 * b.Dx) * (u - 0.8 * b.Dx) + (v - 0.8 * b.Dy) * (v - 0.8 * b.Dy) <= b.R * b.R),
                    };
                    if (!inside) continue;
                    mask[x, y] = 1f;
                    area++;
                }
            }
            if (Math.Abs(area - target) < 0.02 * target) break;
            scale *= Math.Sqrt(target / Math.Max(1, area));
        }
        return mask;
    }
}
