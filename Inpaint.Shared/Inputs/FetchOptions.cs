namespace Inpaint.Shared.Inputs;

/// <summary>Limits on fetching images from URLs (ARCHITECTURE §7).</summary>
public sealed class FetchOptions
{
    public const string SectionName = "Fetch";

    /// <summary>Allow plain http URLs (off by default: https only).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Largest download accepted, in bytes.</summary>
    public long MaxBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>Whole-download deadline.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxRedirects { get; set; } = 5;
}
