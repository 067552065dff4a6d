using System.Diagnostics;

namespace Inpaint.Pipeline.Bench;

/// <summary>
/// The reference the task is measured against: one decode and one encode of the same file by a mature image
/// library, in the same run. libvips through NetVips (the imaging bench's reference) always; ImageMagick's
/// <c>convert</c> as well when <c>/usr/bin/convert</c> is installed (it reads and writes files, so its figure
/// includes starting the process and the file I/O, as the 0.68 s did).
/// </summary>
internal static class ReferenceCodec
{
    private const string ImageMagick = "/usr/bin/convert";

    public static bool HasImageMagick => File.Exists(ImageMagick);

    /// <summary>libvips: decode every pixel of <paramref name="image"/> and encode it as <paramref name="format"/> (jpeg q92 as our output, png at libvips' default).</summary>
    public static double Libvips(byte[] image, string format)
    {
        var clock = Stopwatch.StartNew();
        using var decoded = NetVips.Image.NewFromBuffer(image, access: NetVips.Enums.Access.Sequential);
        var encoded = format == "jpeg" ? decoded.JpegsaveBuffer(q: 92) : decoded.PngsaveBuffer();
        GC.KeepAlive(encoded);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>ImageMagick: <c>convert in out.(jpg|png)</c> with quality 92 for JPEG and its defaults for PNG.</summary>
    public static double Convert(string inputPath, string format)
    {
        var output = Path.Combine(Path.GetDirectoryName(inputPath)!, "reference-out." + (format == "jpeg" ? "jpg" : "png"));
        var start = new ProcessStartInfo(ImageMagick) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(inputPath);
        if (format == "jpeg")
        {
            start.ArgumentList.Add("-quality");
            start.ArgumentList.Add("92");
        }

        start.ArgumentList.Add(output);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.WaitForExit();
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"convert failed ({process.ExitCode}): {process.StandardError.ReadToEnd()}");
        File.Delete(output);
        return seconds;
    }
}
