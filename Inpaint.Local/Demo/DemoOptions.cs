using Inpaint.Local.Workspace;

namespace Inpaint.Local.Demo;

/// <summary>What <c>inpaint demo</c> edits and where it puts the results.</summary>
public sealed class DemoOptions
{
    public string Image { get; set; } = SamplePath("astronaut.png");

    /// <summary>White where pixels are replaced.</summary>
    public string Mask { get; set; } = SamplePath("astronaut-mask.png");

    public string Prompt { get; set; } = "an empty photo studio backdrop, soft grey mottled canvas";

    public string OutputDirectory { get; set; } = Path.Combine(RepositoryRoot.Find() ?? Directory.GetCurrentDirectory(), "out", "demo");

    /// <summary>How long the task may take before the demo gives up.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A shipped sample: the clone's <c>samples/</c>, else the copy next to the binary.</summary>
    public static string SamplePath(string name)
    {
        string? root = RepositoryRoot.Find();
        string inClone = root is null ? "" : Path.Combine(root, "samples", name);
        return File.Exists(inClone) ? inClone : Path.Combine(AppContext.BaseDirectory, "samples", name);
    }
}
