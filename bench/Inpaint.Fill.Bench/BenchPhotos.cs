using System.Diagnostics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Fill.Bench;

/// <summary>
/// The bench's photos: public-domain and CC0 images shipped in Debian's <c>python3-skimage</c> package
/// (attribution in ATTRIBUTION.md beside this file). They are not committed: the first run downloads the
/// package with <c>apt-get download</c> and unpacks it with <c>dpkg-deb -x</c> into a cache folder
/// (<c>INPAINT_FILL_BENCH_CACHE</c>, default <c>~/.cache/inpaint-fill-bench</c>).
/// </summary>
internal static class BenchPhotos
{
    private const string DataFolder = "usr/lib/python3/dist-packages/skimage/data";

    public static string CacheFolder =>
        Environment.GetEnvironmentVariable("INPAINT_FILL_BENCH_CACHE") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "inpaint-fill-bench");

    /// <summary>Loads a photo as RGB (the grey-level ones with R = G = B).</summary>
    public static Image<Rgba32> Load(string file)
    {
        var path = Path.Combine(EnsureUnpacked(), file);
        return Image.Load<Rgba32>(path);
    }

    private static string EnsureUnpacked()
    {
        var data = Path.Combine(CacheFolder, "skimage", DataFolder);
        if (File.Exists(Path.Combine(data, "chelsea.png"))) return data;
        Directory.CreateDirectory(CacheFolder);
        Run("apt-get", "download python3-skimage", CacheFolder);
        var deb = Directory.GetFiles(CacheFolder, "python3-skimage_*.deb").OrderBy(f => f, StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException($"apt-get download python3-skimage left no .deb in {CacheFolder}.");
        Run("dpkg-deb", $"-x \"{deb}\" \"{Path.Combine(CacheFolder, "skimage")}\"", CacheFolder);
        return data;
    }

    private static void Run(string file, string arguments, string folder)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = folder, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"Could not start {file}.");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {error}");
    }
}
