using Inpaint.Shared.Imaging;
using Inpaint.Testing;

namespace Inpaint.Shared.Tests.Imaging;

/// <summary>
/// A region in parts far apart gets a crop per part (<see cref="CropPlanner.PlanParts"/>), each at the full working
/// size; a region in one piece, or in pieces close together, gets exactly the single crop it always had.
/// </summary>
public class CropPartsTests
{
    [Fact]
    public void Two_parts_far_apart_get_a_crop_each_with_more_working_pixels_per_source_pixel()
    {
        var mask = Squares(2000, 1500, (100, 100), (1800, 1300));
        var single = CropPlanner.PlanTask(mask, 1024, 12, 24);

        var boxes = CropPlanner.PlanParts(mask, 1024, 12, 24);

        Assert.Equal(2, boxes.Count);
        Assert.False(Meet(boxes[0], boxes[1]), $"{boxes[0]} and {boxes[1]} overlap");
        for (var part = 0; part < 2; part++)
        {
            var box = boxes[part];
            // Each part's crop is the one its own square would get alone, at the full working size.
            var (x, y) = part == 0 ? (100, 100) : (1800, 1300);
            Assert.Equal(CropPlanner.PlanTask(Squares(2000, 1500, (x, y)), 1024, 12, 24), box);
            Assert.Equal(1024, Math.Max(box.WorkWidth, box.WorkHeight));
            Assert.True(box.ScaleX > 4 * single.ScaleX && box.ScaleY > 4 * single.ScaleY, $"{box} is not finer than {single}");
        }
    }

    [Fact]
    public void Parts_whose_crops_would_meet_get_the_single_crop_over_the_whole_region()
    {
        var mask = Squares(2000, 1500, (900, 600), (1000, 640));

        Assert.Equal([CropPlanner.PlanTask(mask, 1024, 12, 24)], CropPlanner.PlanParts(mask, 1024, 12, 24));
    }

    [Fact]
    public void A_region_in_one_piece_gets_the_single_crop()
    {
        var mask = TestImages.Disk(640, 480, 300, 200, 70);

        Assert.Equal([CropPlanner.PlanTask(mask, 1000, 0, 0)], CropPlanner.PlanParts(mask, 1000, 0, 0));
    }

    [Fact]
    public void Joining_two_parts_whose_crop_then_meets_a_third_joins_all_three()
    {
        // A and B are close (their crops meet); the crop over both reaches C, whose own crop misses A's and B's.
        var mask = Squares(3000, 2000, (1000, 1000), (1100, 1000), (1250, 1000));
        var a = CropPlanner.PlanTask(Squares(3000, 2000, (1000, 1000)), 1024, 0, 0);
        var b = CropPlanner.PlanTask(Squares(3000, 2000, (1100, 1000)), 1024, 0, 0);
        var c = CropPlanner.PlanTask(Squares(3000, 2000, (1250, 1000)), 1024, 0, 0);
        var ab = CropPlanner.PlanTask(Squares(3000, 2000, (1000, 1000), (1100, 1000)), 1024, 0, 0);
        Assert.True(Meet(a, b) && !Meet(a, c) && !Meet(b, c) && Meet(ab, c), $"the scene does not test the join: {a} {b} {c} {ab}");

        Assert.Equal([CropPlanner.PlanTask(mask, 1024, 0, 0)], CropPlanner.PlanParts(mask, 1024, 0, 0));
    }

    [Fact]
    public void At_most_MaxParts_crops_the_closest_parts_joined_first_and_every_part_inside_one()
    {
        // Six squares far apart: a 3 × 2 grid whose columns 0 and 1 are closer together than 1 and 2.
        (int X, int Y)[] corners = [(100, 100), (1000, 100), (2800, 100), (100, 1800), (1000, 1800), (2800, 1800)];
        var mask = Squares(3000, 2000, corners);

        var boxes = CropPlanner.PlanParts(mask, 1024, 12, 24);

        Assert.Equal(CropParts.MaxParts, boxes.Count);
        for (var i = 0; i < boxes.Count; i++)
            for (var j = i + 1; j < boxes.Count; j++)
                Assert.False(Meet(boxes[i], boxes[j]), $"{boxes[i]} and {boxes[j]} overlap");
        foreach (var (x, y) in corners)
            Assert.Single(boxes, b => b.X <= x && b.Y <= y && b.X + b.Width >= x + Side && b.Y + b.Height >= y + Side);
        // The two pairs in columns 0 and 1 were joined; column 2's squares keep their own crops.
        Assert.Contains(CropPlanner.PlanTask(Squares(3000, 2000, (2800, 100)), 1024, 12, 24), boxes);
        Assert.Contains(CropPlanner.PlanTask(Squares(3000, 2000, (2800, 1800)), 1024, 12, 24), boxes);
    }

    [Fact]
    public void Speckle_in_more_pieces_than_MaxPieces_gets_the_single_crop()
    {
        var mask = new MaskPlane(1200, 1200);
        for (var i = 0; i <= CropParts.MaxPieces; i++)
            mask[(i % 9) * 130 + 20, (i / 9) * 130 + 20] = 1f;

        Assert.Equal([CropPlanner.PlanTask(mask, 512, 0, 0)], CropPlanner.PlanParts(mask, 512, 0, 0));
    }

    [Fact]
    public void A_mask_that_starts_more_pieces_than_MaxLabels_is_not_labelled_to_the_end_and_gets_the_single_crop()
    {
        // Stripes of dashes: every dash starts a piece, and there are more than MaxLabels of them.
        var mask = new MaskPlane(400, 200);
        for (var y = 0; y < 200; y += 2)
            for (var x = 0; x < 400; x += 8)
                mask[x, y] = 1f;
        Assert.True(200 / 2 * (400 / 8) > CropParts.MaxLabels);

        Assert.Null(MaskComponents.Bounds(mask, CropParts.MaxLabels));
        Assert.Equal(200 / 2 * (400 / 8), MaskComponents.Bounds(mask, int.MaxValue)!.Count);
        Assert.Equal([CropPlanner.PlanTask(mask, 512, 0, 0)], CropPlanner.PlanParts(mask, 512, 0, 0));
    }

    [Fact]
    public void An_empty_mask_is_a_mask_image_error()
    {
        var error = Assert.Throws<InvalidImageException>(() => CropPlanner.PlanParts(new MaskPlane(100, 100), 512, 0, 0));
        Assert.Equal("mask_image", error.Field);
    }

    [Fact]
    public void Components_join_diagonal_neighbours_and_shapes_that_meet_only_further_down()
    {
        // A "U": its two arms are separate runs until the bottom row joins them; a pixel touching it diagonally joins too.
        var mask = new MaskPlane(10, 6);
        for (var y = 0; y < 4; y++) { mask[1, y] = 1f; mask[5, y] = 1f; }
        for (var x = 1; x <= 5; x++) mask[x, 4] = 1f;
        mask[6, 5] = 0.2f;
        mask[9, 0] = 1f;
        mask[8, 0] = -1f; // not above 0: no part

        Assert.Equal([new PixelBounds(1, 0, 7, 6), new PixelBounds(9, 0, 10, 1)], MaskComponents.Bounds(mask, int.MaxValue));
    }

    [Fact]
    public void Components_equal_a_brute_force_flood_fill()
    {
        var random = new Random(18);
        for (var trial = 0; trial < 40; trial++)
        {
            var mask = new MaskPlane(37, 29);
            for (var i = 0; i < mask.Data.Length; i++)
                mask.Data[i] = random.NextDouble() < 0.3 ? 1f : 0f;

            Assert.Equal(FloodFillBounds(mask), MaskComponents.Bounds(mask, int.MaxValue)); // both in the order a part's first pixel is met
        }
    }

    private const int Side = 60;

    private static MaskPlane Squares(int width, int height, params (int X, int Y)[] corners)
    {
        var mask = new MaskPlane(width, height);
        foreach (var (x0, y0) in corners)
            for (var y = y0; y < y0 + Side; y++)
                for (var x = x0; x < x0 + Side; x++)
                    mask[x, y] = 1f;
        return mask;
    }

    private static bool Meet(CropBox a, CropBox b) =>
        a.X <= b.X + b.Width && b.X <= a.X + a.Width && a.Y <= b.Y + b.Height && b.Y <= a.Y + a.Height;

    private static List<PixelBounds> FloodFillBounds(MaskPlane mask)
    {
        var seen = new bool[mask.Width, mask.Height];
        var result = new List<PixelBounds>();
        for (var y = 0; y < mask.Height; y++)
            for (var x = 0; x < mask.Width; x++)
            {
                if (seen[x, y] || !(mask[x, y] > 0)) continue;
                var bounds = new PixelBounds(x, y, x + 1, y + 1);
                var stack = new Stack<(int, int)>([(x, y)]);
                seen[x, y] = true;
                while (stack.TryPop(out var p))
                {
                    var (px, py) = p;
                    bounds = bounds.Union(new PixelBounds(px, py, px + 1, py + 1));
                    for (var dy = -1; dy <= 1; dy++)
                        for (var dx = -1; dx <= 1; dx++)
                        {
                            var (nx, ny) = (px + dx, py + dy);
                            if (nx < 0 || ny < 0 || nx >= mask.Width || ny >= mask.Height || seen[nx, ny] || !(mask[nx, ny] > 0)) continue;
                            seen[nx, ny] = true;
                            stack.Push((nx, ny));
                        }
                }

                result.Add(bounds);
            }

        return result;
    }
}
