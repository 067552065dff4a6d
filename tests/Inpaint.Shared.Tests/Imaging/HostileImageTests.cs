using Inpaint.Shared.Imaging;
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
