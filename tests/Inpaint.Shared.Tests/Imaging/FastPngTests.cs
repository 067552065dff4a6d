using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

using Inpaint.Shared.Imaging;
using Inpaint.Testing;

namespace Inpaint.Shared.Tests.Imaging;

public class FastPngTests
{
    [Theory]
    [InlineData(false, 24)]
    [InlineData(true, 32)]
    public void Rgb_and_rgba_decode_back_bit_for_bit_across_several_idat_chunks(bool withAlpha, int bitsPerPixel)
    {
        // Noise does not compress: 600×400×4 bytes spans several 256 KiB IDAT chunks.
        using var original = TestImages.Noise(600, 400, seed: 9, alpha: withAlpha);
        var png = FastPng.Encode(original, withAlpha);

        Assert.Equal(bitsPerPixel, Image.Identify(png).PixelType.BitsPerPixel);
        using var decoded = Image.Load<Rgba32>(png);
        if (!withAlpha)
        {
            // RGB carries no alpha: the decoded image is the original made opaque.
            original.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                    foreach (ref var p in rows.GetRowSpan(y)) p.A = 255;
            });
        }

        Assert.True(TestImages.SamePixels(original, decoded, out var diff), diff);
    }

    [Fact]
    public void Greyscale_8_and_16_bit_decode_back_exactly()
    {
        var random = new Random(4);
        var bytes = new byte[37 * 23];
        var words = new ushort[37 * 23];
        random.NextBytes(bytes);
        for (var i = 0; i < words.Length; i++) words[i] = (ushort)random.Next(65536);

        using var grey8 = Image.Load<L8>(FastPng.EncodeGrey8(37, 23, bytes));
        using var grey16 = Image.Load<L16>(FastPng.EncodeGrey16(37, 23, words));

        for (var y = 0; y < 23; y++)
            for (var x = 0; x < 37; x++)
            {
                Assert.Equal(bytes[y * 37 + x], grey8[x, y].PackedValue);
                Assert.Equal(words[y * 37 + x], grey16[x, y].PackedValue);
            }
    }
}
