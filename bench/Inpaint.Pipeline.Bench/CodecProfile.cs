using System.Diagnostics;
using System.IO.Compression;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Pipeline.Bench;

/// <summary><c>codecs</c>: PNG encoder settings on the bench's photo (time and size), to choose the intermediates' form.</summary>
internal static class CodecProfile
{
    public static int Run(int width, int height)
    {
        using var photo = BenchImages.Photo(width, height, seed: 7);
        var rgb = new byte[width * height * 3];
        photo.CloneAs<Rgb24>().CopyPixelDataTo(rgb);
        Console.WriteLine($"load average: {PipelineBench.LoadAverage()}; {width}×{height} RGB");
        foreach (var (name, level, filter) in new[]
        {
            ("default (level 6, filter default)", PngCompressionLevel.DefaultCompression, (PngFilterMethod?)null),
            ("level 1, adaptive", PngCompressionLevel.Level1, PngFilterMethod.Adaptive),
            ("level 1, paeth", PngCompressionLevel.Level1, PngFilterMethod.Paeth),
            ("level 1, sub", PngCompressionLevel.Level1, PngFilterMethod.Sub),
            ("level 1, up", PngCompressionLevel.Level1, PngFilterMethod.Up),
            ("level 1, none", PngCompressionLevel.Level1, PngFilterMethod.None),
            ("level 0 (stored)", PngCompressionLevel.Level0, PngFilterMethod.None),
        })
        {
            var encoder = new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8, CompressionLevel = level, FilterMethod = filter };
            for (var pass = 0; pass < 2; pass++)
            {
                using var stream = new MemoryStream();
                var clock = Stopwatch.StartNew();
                photo.Save(stream, encoder);
                if (pass == 1) Console.WriteLine($"ImageSharp png {name,-36} {clock.Elapsed.TotalMilliseconds,7:F0} ms {stream.Length / 1024,7} KiB");
            }
        }

        for (var pass = 0; pass < 2; pass++)
        {
            var clock = Stopwatch.StartNew();
            var png = Inpaint.Shared.Imaging.FastPng.Encode(photo, withAlpha: false);
            var ms = clock.Elapsed.TotalMilliseconds;
            // libvips decodes every pixel of it (libspng/libpng check every CRC): the file is standard PNG.
            using var check = NetVips.Image.NewFromBuffer(png);
            var mean = check.Avg();
            if (pass == 1) Console.WriteLine($"FastPng (ours: up filter, zlib-ng level 2)      {ms,7:F0} ms {png.Length / 1024,7} KiB (libvips reads it: {check.Width}×{check.Height}×{check.Bands}, mean {mean:F1})");
        }

        foreach (var level in new[] { CompressionLevel.Fastest, CompressionLevel.Optimal })
        {
            for (var pass = 0; pass < 2; pass++)
            {
                using var stream = new MemoryStream();
                var clock = Stopwatch.StartNew();
                using (var z = new ZLibStream(stream, level, leaveOpen: true)) z.Write(rgb);
                if (pass == 1) Console.WriteLine($"zlib-ng (System.IO.Compression) {level} raw rows {clock.Elapsed.TotalMilliseconds,7:F0} ms {stream.Length / 1024,7} KiB");
            }
        }

        return 0;
    }
}
