using Inpaint.Shared.Imaging;
using Inpaint.Shared.Limits;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Tests.Imaging;

public class EncodingAndMaskTests
{
    [Theory]
    [InlineData(OutputFormat.Png, "image/png", "png")]
    [InlineData(OutputFormat.Jpeg, "image/jpeg", "jpg")]
    [InlineData(OutputFormat.Webp, "image/webp", "webp")]
    public void Each_output_format_decodes_back_with_its_mime_type(OutputFormat format, string mime, string extension)
    {
        using var image = TestImages.Gradient(48, 32);
        var bytes = ImageEncoder.Encode(image, format, quality: 80);
        Assert.Equal(mime, ImageEncoder.MimeType(format));
        Assert.Equal(extension, ImageEncoder.Extension(format));
        using var decoded = ImageDecoder.Decode(bytes, "image", ImageLimits.Default);
        Assert.Equal((48, 32), (decoded.Width, decoded.Height));
        Assert.Equal(mime, Image.DetectFormat(bytes)!.DefaultMimeType);
    }

    [Theory]
    [InlineData(OutputFormat.Jpeg)]
    [InlineData(OutputFormat.Webp)]
    public void Lossy_quality_trades_size_for_fidelity(OutputFormat format)
    {
        using var image = TestImages.Noise(96, 96, seed: 4);
        Assert.True(ImageEncoder.Encode(image, format, quality: 30).Length < ImageEncoder.Encode(image, format, quality: 95).Length);
    }

    [Fact]
    public void Webp_keeps_the_alpha_channel()
    {
        using var image = TestImages.Gradient(32, 32);
        image[5, 5] = new Rgba32(10, 20, 30, 0);
        for (var x = 0; x < 32; x++) image[x, 20] = new Rgba32(200, 100, 50, 0);
        using var decoded = ImageDecoder.Decode(ImageEncoder.Encode(image, OutputFormat.Webp, 90), "image", ImageLimits.Default);
        Assert.Equal(0, decoded[10, 20].A);
        Assert.Equal(255, decoded[10, 10].A);
    }

    [Fact]
    public void Png_of_an_opaque_image_is_written_without_alpha_and_round_trips()
    {
        using var opaque = TestImages.Noise(30, 20, seed: 8);
        var bytes = ImageEncoder.Encode(opaque, OutputFormat.Png);
        var info = Image.Identify(bytes);
        Assert.Equal(24, info.PixelType.BitsPerPixel);
        using var decoded = ImageDecoder.Decode(bytes, "image", ImageLimits.Default);
        Assert.True(TestImages.SamePixels(opaque, decoded, out var diff), diff);
    }

    [Fact]
    public void Mask_codec_round_trips_within_half_a_16_bit_step()
    {
        var random = new Random(3);
        var mask = new MaskPlane(33, 17);
        for (var i = 0; i < mask.Data.Length; i++) mask.Data[i] = (float)random.NextDouble();
        var decoded = MaskCodec.DecodePng(MaskCodec.EncodePng(mask));
        Assert.Equal((33, 17), (decoded.Width, decoded.Height));
        for (var i = 0; i < mask.Data.Length; i++) Assert.InRange(decoded.Data[i] - mask.Data[i], -0.5f / 65535 - 1e-7f, 0.5f / 65535 + 1e-7f);
    }

    [Fact]
    public void A_binary_mask_is_stored_in_8_bits_and_round_trips_exactly()
    {
        var mask = TestImages.Disk(61, 47, 30, 20, 14);
        var png = MaskCodec.EncodePng(mask);

        var info = SixLabors.ImageSharp.Image.Identify(png);
        Assert.Equal(8, info.PixelType.BitsPerPixel);
        Assert.Equal(mask.Data, MaskCodec.DecodePng(png).Data);
    }

    [Fact]
    public void A_feathered_mask_keeps_16_bits()
    {
        var mask = new MaskPlane(8, 2);
        for (var i = 0; i < mask.Data.Length; i++) mask.Data[i] = i / 15f;

        var info = SixLabors.ImageSharp.Image.Identify(MaskCodec.EncodePng(mask));

        Assert.Equal(16, info.PixelType.BitsPerPixel);
    }

    [Fact]
    public void Mask_with_meaningful_alpha_uses_alpha_and_threshold_128()
    {
        using var upload = new Image<Rgba32>(4, 1);
        upload[0, 0] = new Rgba32(0, 0, 0, 255);       // opaque black: in (alpha decides)
        upload[1, 0] = new Rgba32(255, 255, 255, 0);   // transparent white: out
        upload[2, 0] = new Rgba32(0, 0, 0, 128);       // 128: in
        upload[3, 0] = new Rgba32(0, 0, 0, 127);       // 127: out
        var mask = MaskReader.FromImage(upload, 4, 1);
        Assert.Equal(new[] { 1f, 0f, 1f, 0f }, mask.Data);
    }

    [Fact]
    public void Opaque_mask_uses_luminance_and_threshold_128()
    {
        using var upload = new Image<Rgba32>(4, 1);
        upload[0, 0] = new Rgba32(255, 255, 255, 255);
        upload[1, 0] = new Rgba32(0, 0, 0, 255);
        upload[2, 0] = new Rgba32(128, 128, 128, 255);
        upload[3, 0] = new Rgba32(127, 127, 127, 255);
        var mask = MaskReader.FromImage(upload, 4, 1);
        Assert.Equal(new[] { 1f, 0f, 1f, 0f }, mask.Data);
    }

    [Theory]
    [InlineData(255, 255, 255, 255, true)]    // white, opaque
    [InlineData(128, 128, 128, 255, true)]    // luminance 128: in
    [InlineData(127, 127, 127, 255, false)]   // 127: out
    [InlineData(0, 0, 0, 128, true)]          // alpha 128 (alpha decides): in
    [InlineData(255, 255, 255, 127, false)]   // alpha 127: out, however white
    public void Selects_any_agrees_with_reading_the_mask_at_its_own_size(byte r, byte g, byte b, byte a, bool selected)
    {
        // One candidate pixel on a background that selects nothing in either reading (transparent black when the
        // candidate is translucent, so that alpha is meaningful; opaque black otherwise).
        using var upload = new Image<Rgba32>(30, 20, new Rgba32(0, 0, 0, a == 255 ? (byte)255 : (byte)0));
        upload[29, 19] = new Rgba32(r, g, b, a);
        Assert.Equal(selected, MaskReader.FromImage(upload, 30, 20).Any());
        Assert.Equal(selected, MaskReader.SelectsAny(upload));
    }

    [Fact]
    public void Mask_of_another_size_is_resized_to_the_source()
    {
        using var upload = new Image<Rgba32>(10, 10, new Rgba32(0, 0, 0, 255));
        for (var y = 0; y < 5; y++)
            for (var x = 0; x < 10; x++)
                upload[x, y] = new Rgba32(255, 255, 255, 255);    // top half white
        var mask = MaskReader.FromImage(upload, 40, 20);
        Assert.Equal((40, 20), (mask.Width, mask.Height));
        Assert.Equal(1f, mask[20, 2]);
        Assert.Equal(0f, mask[20, 17]);
        Assert.All(mask.Data, v => Assert.True(v == 0f || v == 1f));
    }

    [Fact]
    public void A_thin_line_survives_downscaling_of_a_probability_map()
    {
        var map = new MaskPlane(400, 400);
        for (var x = 0; x < 400; x++) { map[x, 200] = 1f; map[x, 201] = 1f; }
        var mask = MaskReader.FromProbabilities(map, 200, 200, threshold: 0.5f);
        Assert.True(mask.Any());
    }

    [Fact]
    public void Background_is_the_inverted_foreground_and_expands_into_it()
    {
        var foreground = TestImages.Disk(60, 60, 30, 30, 15);
        var background = MaskOps.Invert(foreground);
        var grown = MaskOps.Expand(background, 5);
        Assert.Equal(0f, background[30, 16]);
        Assert.Equal(1f, grown[30, 16]);      // within 5 px of the disk edge
        Assert.Equal(0f, grown[30, 30]);      // the centre stays foreground
    }
}
