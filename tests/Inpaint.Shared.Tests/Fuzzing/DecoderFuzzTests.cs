using CsCheck;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Limits;
using Inpaint.Shared.Tests.Imaging;
using Inpaint.Testing;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;

namespace Inpaint.Shared.Tests.Fuzzing;

/// <summary>
/// The decoder's front door under mutation: valid PNG, JPEG and WebP files with bytes overwritten, cut short
/// or spliced. Every input must decode within the limits or be refused with an <see cref="InvalidImageException"/>
/// naming the field; anything else (an index error, a null reference, a 20 000 px allocation) fails the test.
/// Bounded in time, single-threaded so the suite stays light on a shared machine.
/// </summary>
public class DecoderFuzzTests
{
    static readonly ImageLimits Limits = new(1_000_000, 2000);

    static readonly byte[][] Seeds = CreateSeeds();

    static byte[][] CreateSeeds()
    {
        using var image = TestImages.Noise(24, 16, seed: 5, alpha: true);
        return
        [
            TestImages.Encode(image, new PngEncoder()),
            TestImages.Encode(image, new JpegEncoder { Quality = 80 }),
            TestImages.Encode(image, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless }),
            TestImages.Encode(image, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy }),
        ];
    }

    /// <summary>A seed file with 1–8 bytes overwritten (the header more often than not), then maybe cut short.</summary>
    static readonly Gen<byte[]> Mutated =
        Gen.Select(
                Gen.Int[0, Seeds.Length - 1],
                Gen.Select(Gen.Int[0, 4095], Gen.Byte, Gen.Bool).Array[1, 8],
                Gen.Double[0.0, 1.0])
            .Select(t =>
            {
                var bytes = (byte[])Seeds[t.Item1].Clone();
                foreach (var (position, value, inHeader) in t.Item2)
                {
                    var limit = inHeader ? Math.Min(64, bytes.Length) : bytes.Length;
                    bytes[position % limit] = value;
                }

                // 70 % whole, else cut to a length in [1, length).
                var keep = t.Item3 < 0.7 ? bytes.Length : Math.Max(1, (int)(bytes.Length * (t.Item3 - 0.7) / 0.3 * 0.99));
                return bytes[..keep];
            });

    [Fact]
    public void Mutated_files_decode_within_the_limits_or_are_refused()
    {
        Mutated.Sample(DecodeOrRefuse, iter: 100_000, time: 3, threads: 1);
    }

    [Fact]
    public void Random_bytes_after_each_signature_are_refused_or_decoded_within_the_limits()
    {
        var signatures = new[] { new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, [0xFF, 0xD8, 0xFF], "RIFF\0\0\0\0WEBPVP8X"u8.ToArray(), "RIFF\0\0\0\0WEBPVP8L"u8.ToArray() };
        Gen.Select(Gen.Int[0, signatures.Length - 1], Gen.Byte.Array[0, 300])
            .Sample(t => DecodeOrRefuse([.. signatures[t.Item1], .. t.Item2]), iter: 100_000, time: 2, threads: 1);
    }

    /// <summary>Crashes the fuzzer found, kept as regression cases (hex).</summary>
    [Theory]
    [InlineData("524946460000000057454250565038580a00000002000000ff3f00ff3f00")]   // animated VP8X, no frames
    [InlineData("524946460000000057454250565038580a00000000000000ff3f00ff3f00")]   // 16384² canvas, no image
    public void Regression_inputs_are_refused(string hex)
    {
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(Convert.FromHexString(hex), "image", Limits));
        Assert.Equal("image", error.Field);
    }

    static void DecodeOrRefuse(byte[] bytes)
    {
        try
        {
            using var image = ImageDecoder.Decode(bytes, "image", Limits);
            Assert.InRange(image.Width, 1, Limits.MaxSide);
            Assert.InRange(image.Height, 1, Limits.MaxSide);
        }
        catch (InvalidImageException e)
        {
            Assert.Equal("image", e.Field);
        }
    }
}
