namespace Inpaint.Pipeline.Bench;

/// <summary>The cases of issue 15: a 512² PNG photo and a 12 MP JPEG (4000×3000, q90), each with an uploaded mask, at resolution 1024.</summary>
internal static class PipelineCases
{
    public static IReadOnlyList<PipelineCase> Create(IEnumerable<string> names)
    {
        byte[]? small = null, smallMask = null, large = null, largeMask = null;
        var cases = new List<PipelineCase>();
        foreach (var name in names)
        {
            switch (name)
            {
                case "small-png":
                    small ??= Encode(512, 512, png: true);
                    smallMask ??= Mask(512, 512);
                    cases.Add(new PipelineCase(name, small, "png", 512, 512, smallMask, 1024, "png"));
                    break;
                case "large-jpeg" or "large-png":
                    large ??= Encode(4000, 3000, png: false);
                    largeMask ??= Mask(4000, 3000);
                    cases.Add(new PipelineCase(name, large, "jpeg", 4000, 3000, largeMask, 1024, name == "large-jpeg" ? "jpeg" : "png"));
                    break;
                default:
                    throw new ArgumentException($"unknown case {name}: small-png, large-jpeg or large-png");
            }
        }

        return cases;
    }

    private static byte[] Encode(int width, int height, bool png)
    {
        using var photo = BenchImages.Photo(width, height, seed: 7);
        return png ? BenchImages.Png(photo) : BenchImages.Jpeg(photo, quality: 90);
    }

    private static byte[] Mask(int width, int height)
    {
        using var mask = BenchImages.RegionMask(width, height);
        return BenchImages.Png(mask);
    }
}
