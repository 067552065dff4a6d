using Inpaint.Shared.Imaging;
using Inpaint.Shared.Limits;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Tests.Imaging;

/// <summary>Untrusted files: each must end as an <see cref="InvalidImageException"/> naming the problem, or decode correctly.</summary>
public class HostileImageTests
{
    /// <summary>A 16×12 CMYK JPEG (Adobe APP14, red at the top fading to blue at the bottom), made with ImageMagick.</summary>
    private const string CmykJpeg =
        "/9j/7gAOQWRvYmUAZAAAAAAC/9sAQwADAgIDAgIDAwMDBAMDBAUIBQUEBAUKBwcGCAwKDAwLCgsLDQ4SEA0OEQ4LCxAWEBETFBUVFQwPFxgWFBgSFBUU/9sAQwEDBAQFBAUJBQUJFA0LDRQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQU/8AAFAgADAAQBAERAAIRAQMRAQQRAP/EABYAAQEBAAAAAAAAAAAAAAAAAAAIB//EACIQAAECAwkAAAAAAAAAAAAAAAABVAQGkgMFFBYXGFOx0f/EABYBAQEBAAAAAAAAAAAAAAAAAAAJB//EACARAAECBQUAAAAAAAAAAAAAAAABBAMFFBVRFhdSU5H/2gAOBAEAAhEDEQQAAD8A27HXgzt6TO96G+VJwaWmPSvhTO5eY2kXSox14M7ekb0N8qNLTHpXwbl5jaRdKlC5dgeFCfFVFyU5sbHgUXpVLjLrwZdgeFBVRcixseA0qlxl14f/2Q==";

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    [InlineData("webp")]
    public void Truncated_files_are_refused_as_truncated_or_corrupt(string kind)
    {
        using var image = TestImages.Noise(64, 64, seed: 11);
        var bytes = kind switch
        {
            "png" => TestImages.Encode(image, new PngEncoder()),
            "jpeg" => TestImages.Encode(image, new JpegEncoder { Quality = 90 }),
            _ => TestImages.Encode(image, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy }),
        };
        var truncated = bytes[..(bytes.Length / 2)];
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(truncated, "image", ImageLimits.Default));
        Assert.Equal("image", error.Field);
        Assert.Contains("truncated or corrupt", error.Message);
    }

    /// <summary>The reported case: a PNG of many IDAT chunks cut where ImageSharp 2.1 fills the missing rows with black.</summary>
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public void A_png_cut_inside_its_image_data_is_refused(double keep)
    {
        var png = ChunkedPng(TestImages.Noise(200, 150, seed: 3), chunkSize: 4096);
        var cut = png[..(int)(png.Length * keep)];
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(cut, "image", ImageLimits.Default));
        Assert.Contains("truncated or corrupt", error.Message);
    }

    [Fact]
    public void A_png_cut_exactly_at_a_chunk_boundary_is_refused_though_every_chunk_it_has_is_whole()
    {
        var png = ChunkedPng(TestImages.Noise(200, 150, seed: 4), chunkSize: 4096);
        var chunks = Chunks(png);
        var cutAt = chunks.Where(c => c.Type == "IDAT").Skip(2).First().End;
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(png[..cutAt], "image", ImageLimits.Default));
        Assert.Contains("ends before its IEND chunk", error.Message);
    }

    [Fact]
    public void A_png_whose_image_data_stops_early_but_ends_properly_is_refused()
    {
        // Structurally whole (IEND, every CRC right) but the last IDAT chunks are gone: the rows are missing.
        var png = ChunkedPng(TestImages.Noise(200, 150, seed: 5), chunkSize: 4096);
        var chunks = Chunks(png);
        var idats = chunks.Where(c => c.Type == "IDAT").ToList();
        Assert.True(idats.Count >= 4, $"the test PNG has {idats.Count} IDAT chunks");
        byte[] shortened = [.. png[..idats[^2].Start], .. png[chunks.Single(c => c.Type == "IEND").Start..]];
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(shortened, "image", ImageLimits.Default));
        Assert.Contains("truncated or corrupt", error.Message);
        Assert.Contains("of the", error.Message);
    }

    /// <summary>No false alarm: every colour type, bit depth and interlacing decodes, so the expected-size sum is right.</summary>
    [Theory]
    [InlineData(PngColorType.Rgb, PngBitDepth.Bit8, false)]
    [InlineData(PngColorType.RgbWithAlpha, PngBitDepth.Bit16, false)]
    [InlineData(PngColorType.RgbWithAlpha, PngBitDepth.Bit8, true)]
    [InlineData(PngColorType.Grayscale, PngBitDepth.Bit1, false)]
    [InlineData(PngColorType.Grayscale, PngBitDepth.Bit2, true)]
    [InlineData(PngColorType.Grayscale, PngBitDepth.Bit16, true)]
    [InlineData(PngColorType.GrayscaleWithAlpha, PngBitDepth.Bit8, true)]
    [InlineData(PngColorType.Palette, PngBitDepth.Bit4, false)]
    [InlineData(PngColorType.Palette, PngBitDepth.Bit8, true)]
    public void Whole_pngs_of_every_layout_decode(PngColorType colour, PngBitDepth depth, bool interlaced)
    {
        foreach (var (w, h) in new[] { (1, 1), (3, 5), (9, 7), (37, 23) })
        {
            using var image = TestImages.Noise(w, h, seed: w * h, alpha: true);
            var bytes = TestImages.Encode(image, new PngEncoder
            {
                ColorType = colour,
                BitDepth = depth,
                InterlaceMethod = interlaced ? PngInterlaceMode.Adam7 : PngInterlaceMode.None,
            });
            if (interlaced && w < 5)
            {
                // ImageSharp misreads these (FileCompleteness.IsNarrowInterlacedPng): refused, never decoded.
                var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(bytes, "image", ImageLimits.Default));
                Assert.StartsWith("image: interlaced PNGs narrower than 5 px", error.Message);
                continue;
            }

            using var decoded = ImageDecoder.Decode(bytes, "image", ImageLimits.Default);
            Assert.Equal((w, h), (decoded.Width, decoded.Height));
        }
    }

    /// <summary>
    /// Conforming Adam7 files written here (not by ImageSharp's encoder, which shares the decoder's flaw): at 4 px wide
    /// the decoder would hang at the end of the data, so it is refused at once; from 5 px wide every pixel lands right.
    /// </summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    [InlineData(6, 17)]
    public void Interlaced_pngs_decode_exactly_or_are_refused_when_narrower_than_the_decoder_reads(int width, int height)
    {
        var png = Adam7GreyPng(width, height, (x, y) => (byte)(x * 40 + y * 7));
        if (width < 5)
        {
            var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(png, "image", ImageLimits.Default));
            Assert.Contains("save it without interlacing", error.Message);
            return;
        }

        using var decoded = ImageDecoder.Decode(png, "image", ImageLimits.Default);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                Assert.Equal((byte)(x * 40 + y * 7), decoded[x, y].R);
    }

    /// <summary>An 8-bit greyscale Adam7 PNG as the specification writes it: empty passes are left out entirely.</summary>
    private static byte[] Adam7GreyPng(int width, int height, Func<int, int, byte> grey)
    {
        (int X0, int Y0, int Dx, int Dy)[] passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];
        using var raw = new MemoryStream();
        foreach (var (x0, y0, dx, dy) in passes)
        {
            if (width <= x0 || height <= y0) continue;
            for (var y = y0; y < height; y += dy)
            {
                raw.WriteByte(0);   // filter: none
                for (var x = x0; x < width; x += dx) raw.WriteByte(grey(x, y));
            }
        }

        using var idat = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(idat, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            zlib.Write(raw.ToArray());
        var ihdr = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;    // bit depth
        ihdr[12] = 1;   // Adam7
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        ImageDecoderTests.WriteChunk(png, "IHDR", ihdr);
        ImageDecoderTests.WriteChunk(png, "IDAT", idat.ToArray());
        ImageDecoderTests.WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>The PNG of <paramref name="image"/> with its image data re-split into IDAT chunks of <paramref name="chunkSize"/> bytes.</summary>
    private static byte[] ChunkedPng(Image<Rgba32> image, int chunkSize)
    {
        using (image)
        {
            var png = TestImages.Encode(image, new PngEncoder { CompressionLevel = PngCompressionLevel.NoCompression });
            var chunks = Chunks(png);
            var data = chunks.Where(c => c.Type == "IDAT").SelectMany(c => png[(c.Start + 8)..(c.End - 4)]).ToArray();
            using var stream = new MemoryStream();
            stream.Write(png.AsSpan(0, 8));
            foreach (var c in chunks.Where(c => c.Type != "IDAT" && c.Type != "IEND")) stream.Write(png.AsSpan(c.Start, c.End - c.Start));
            for (var at = 0; at < data.Length; at += chunkSize)
                ImageDecoderTests.WriteChunk(stream, "IDAT", data[at..Math.Min(data.Length, at + chunkSize)]);
            ImageDecoderTests.WriteChunk(stream, "IEND", []);
            return stream.ToArray();
        }
    }

    private static List<(string Type, int Start, int End)> Chunks(byte[] png)
    {
        var chunks = new List<(string, int, int)>();
        for (var at = 8; at + 12 <= png.Length;)
        {
            var length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            chunks.Add((System.Text.Encoding.ASCII.GetString(png, at + 4, 4), at, at + 12 + length));
            at += 12 + length;
        }

        return chunks;
    }

    [Fact]
    public void Garbage_after_a_valid_signature_is_refused()
    {
        byte[] bytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(bytes, "image", ImageLimits.Default));
        Assert.Equal("image", error.Field);
    }

    [Fact]
    public void Zero_size_header_is_refused()
    {
        var bytes = ImageDecoderTests.PngWithHeader(0, 0);
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(bytes, "image", ImageLimits.Default));
        Assert.Equal("image", error.Field);
    }

    [Fact]
    public void Header_over_the_side_limit_is_refused_even_under_the_pixel_limit()
    {
        var bytes = ImageDecoderTests.PngWithHeader(20_000, 10);
        var error = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(bytes, "image", ImageLimits.Default));
        Assert.Contains("20000×10", error.Message);
    }

    [Fact]
    public void Sixteen_bit_png_is_converted_to_8_bit()
    {
        using var wide = new Image<Rgba64>(5, 3);
        wide[2, 1] = new Rgba64(65535, 32896, 0, 65535);
        var bytes = TestImages.Encode(wide, new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.RgbWithAlpha });
        using var decoded = ImageDecoder.Decode(bytes, "image", ImageLimits.Default);
        Assert.Equal(new Rgba32(255, 128, 0, 255), decoded[2, 1]);
    }

    [Fact]
    public void Cmyk_jpeg_is_converted_to_rgb()
    {
        using var decoded = ImageDecoder.Decode(Convert.FromBase64String(CmykJpeg), "image", ImageLimits.Default);
        Assert.Equal((16, 12), (decoded.Width, decoded.Height));
        var top = decoded[8, 0];
        var bottom = decoded[8, 11];
        Assert.True(top.R > 200 && top.B < 60, $"top {top}");
        Assert.True(bottom.B > 200 && bottom.R < 60, $"bottom {bottom}");
    }

    [Fact]
    public void Exif_orientation_is_applied()
    {
        using var image = new Image<Rgba32>(4, 2, new Rgba32(0, 0, 0, 255));
        image[0, 0] = new Rgba32(255, 0, 0, 255);              // red at top-left of the stored pixels
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6); // display rotated 90° clockwise
        var bytes = TestImages.Encode(image, new PngEncoder());
        using var decoded = ImageDecoder.Decode(bytes, "image", ImageLimits.Default);
        Assert.Equal((2, 4), (decoded.Width, decoded.Height));
        Assert.Equal(new Rgba32(255, 0, 0, 255), decoded[1, 0]);   // top-left goes to top-right
    }

    [Fact]
    public void Identify_gives_the_upright_size_and_the_orientation_without_decoding()
    {
        using var image = new Image<Rgba32>(4, 2, new Rgba32(0, 0, 0, 255));
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        var rotated = ImageDecoder.Identify(TestImages.Encode(image, new PngEncoder()), "image", ImageLimits.Default);
        image.Metadata.ExifProfile = null;
        var upright = ImageDecoder.Identify(TestImages.Encode(image, new PngEncoder()), "image", ImageLimits.Default);

        Assert.Equal((6, 4, 2, 2, 4), ((int)rotated.Orientation, rotated.StoredWidth, rotated.StoredHeight, rotated.Width, rotated.Height));
        Assert.Equal((ImageHeader.Upright, 4, 2), (upright.Orientation, upright.Width, upright.Height));
        Assert.Equal("image/png", upright.MimeType);
    }
}
