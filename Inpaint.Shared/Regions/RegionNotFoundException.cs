namespace Inpaint.Shared.Regions;

/// <summary>No pixel matched the region prompt: a permanent task failure, refunded, never an empty edit.</summary>
public sealed class RegionNotFoundException(string prompt)
    : Exception($"no region matching '{prompt}' was found")
{
    public string Prompt { get; } = prompt;
}
