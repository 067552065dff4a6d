namespace Inpaint.Shared.Pricing;

/// <summary>What a task costs, in credits: the reference tool charges 2 per sample.</summary>
public sealed class PricingOptions
{
    public const string SectionName = "Pricing";

    public int CreditsPerSample { get; set; } = 2;

    public int Price(int samples) => checked(CreditsPerSample * samples);
}
