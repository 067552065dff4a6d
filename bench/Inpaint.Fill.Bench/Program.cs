using System.Diagnostics;
using System.Globalization;
using Inpaint.Fill.Bench;
using Inpaint.Inference.Generation;
using Inpaint.Shared.Generation;
using OpenCvSharp;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

// Usage: dotnet run -c Release --project bench/Inpaint.Fill.Bench -- [--holes SEED] [--fill-seed SEED] [--dump FOLDER] [--only NAME]
//        [--fills ours,telea,...] [--frontier]
// --holes picks the hole set (1: the development set); --dump writes input, truth and every fill per case;
// --only keeps the cases whose name contains NAME; --fills keeps the fills whose name contains one of the words;
// --frontier adds the fills that trade texture for SSIM on purpose (FrontierFills).
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int holeSeed = 1, fillSeed = 1;
string? dump = null, only = null, fills = null;
bool frontier = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--holes": holeSeed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--fill-seed": fillSeed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--dump": dump = args[++i]; break;
        case "--only": only = args[++i]; break;
        case "--fills": fills = args[++i]; break;
        case "--frontier": frontier = true; break;
        default: throw new ArgumentException($"Unknown argument {args[i]}.");
    }
}

var patchMatch = new PatchMatchFill();
var harmonic = new HarmonicFill();
// The frontier fills reuse the PatchMatch and membrane fills of the same case, so those are kept per case.
var patchMatchFills = new Dictionary<(string, long), Image<Rgba32>>();
var membraneFills = new Dictionary<string, Image<Rgba32>>();
Image<Rgba32> PatchMatchOf(Image<Rgba32> input, HoleCase c, long seed) =>
    patchMatchFills.TryGetValue((c.Name, seed), out var f) ? f : patchMatchFills[(c.Name, seed)] = patchMatch.Fill(input, c.Hole, seed, null, CancellationToken.None);
Image<Rgba32> MembraneOf(Image<Rgba32> input, HoleCase c) =>
    membraneFills.TryGetValue(c.Name, out var f) ? f : membraneFills[c.Name] = harmonic.GenerateAsync(new GenerationRequest(input, c.Hole, "", 0, fillSeed), null, CancellationToken.None).GetAwaiter().GetResult();

var methods = new (string Name, Func<Image<Rgba32>, HoleCase, Image<Rgba32>> Fill)[]
{
    ("ours (patchmatch)", (input, c) => patchMatch.Fill(input, c.Hole, fillSeed, null, CancellationToken.None)),
    ("OpenCV Telea", (input, c) => OpenCvInpaint.Fill(input, c.Hole, InpaintTypes.Telea)),
    ("OpenCV Navier–Stokes", (input, c) => OpenCvInpaint.Fill(input, c.Hole, InpaintTypes.NS)),
    ("harmonic", (input, c) => harmonic.GenerateAsync(new GenerationRequest(input, c.Hole, "", 0, fillSeed), null, CancellationToken.None).GetAwaiter().GetResult()),
}.Concat(frontier ? FrontierFills.All(PatchMatchOf, MembraneOf, fillSeed) : []).Where(m => fills is null || fills.Split(',').Any(f => m.Name.Contains(f, StringComparison.OrdinalIgnoreCase))).ToArray();

var cases = HoleSet.Create(holeSeed).Where(c => only is null || c.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).ToList();
Console.WriteLine($"hole set {holeSeed}, fill seed {fillSeed}, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
Console.WriteLine();
Console.WriteLine("| case | shape | hole | textured | fill | PSNR dB | SSIM | texture ratio | seam ratio | specks | changed outside | ms |");
Console.WriteLine("|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|");
var scores = new List<(string Method, bool Textured, FillScore Score)>();
foreach (var c in cases)
{
    bool textured = FillScorer.IsTextured(c);
    using var input = c.GreyHoleInput();
    if (dump is not null)
    {
        Directory.CreateDirectory(dump);
        input.SaveAsPng(Path.Combine(dump, $"{Slug(c.Name)}-input.png"));
        c.Truth.SaveAsPng(Path.Combine(dump, $"{Slug(c.Name)}-truth.png"));
    }
    foreach (var (name, fill) in methods)
    {
        var clock = Stopwatch.StartNew();
        using var output = fill(input, c);
        double ms = clock.Elapsed.TotalMilliseconds;
        var score = FillScorer.Score(c, output, ms);
        scores.Add((name, textured, score));
        Console.WriteLine($"| {c.Name} | {c.Shape} | {c.HoleShare:P1} | {(textured ? "yes" : "no")} | {name} | {score.Psnr:F2} | {score.Ssim:F3} | {score.TextureRatio:F2} | {score.SeamRatio:F2} | {score.Specks} | {score.ChangedOutside} | {ms:F0} |");
        if (dump is not null) output.SaveAsPng(Path.Combine(dump, $"{Slug(c.Name)}-{Slug(name)}.png"));
    }
}

Console.WriteLine();
Console.WriteLine($"Means over {cases.Count} holes (texture ratio over the {cases.Count(FillScorer.IsTextured)} textured ones; load average now {LoadAverage()}):");
Console.WriteLine();
Console.WriteLine("| fill | mean PSNR in the hole | mean SSIM | texture ratio (textured holes: mean, min–max) | seam ratio (mean, max) | specks (total) | pixels changed outside | mean time |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var (name, _) in methods)
{
    var mine = scores.Where(s => s.Method == name).ToList();
    var textured = mine.Where(s => s.Textured).Select(s => s.Score.TextureRatio).DefaultIfEmpty(double.NaN).ToList();
    Console.WriteLine($"| {name} | {mine.Average(s => s.Score.Psnr):F2} dB | {mine.Average(s => s.Score.Ssim):F3} | {textured.Average():F2} ({textured.Min():F2}–{textured.Max():F2}) | {mine.Average(s => s.Score.SeamRatio):F2} ({mine.Max(s => s.Score.SeamRatio):F2}) | {mine.Sum(s => s.Score.Specks)} | {mine.Sum(s => s.Score.ChangedOutside)} | {mine.Average(s => s.Score.Milliseconds):F0} ms |");
}
foreach (var c in cases) c.Truth.Dispose();
foreach (var image in patchMatchFills.Values.Concat(membraneFills.Values)) image.Dispose();

static string Slug(string text) => string.Concat(text.Select(ch => char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : '-')).Trim('-');

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
