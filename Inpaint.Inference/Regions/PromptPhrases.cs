namespace Inpaint.Inference.Regions;

/// <summary>The phrases of a region prompt: comma-separated, trimmed, empty ones and repeats dropped
/// (<c>"region above head, hair"</c> → <c>["region above head", "hair"]</c>).</summary>
public static class PromptPhrases
{
    public static IReadOnlyList<string> Split(string prompt) =>
        prompt.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
}
