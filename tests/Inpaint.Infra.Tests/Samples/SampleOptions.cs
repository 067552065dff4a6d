namespace Inpaint.Infra.Tests.Samples;

/// <summary>An options class with every shape the flattening must handle (OptionsSettingsTests).</summary>
public sealed class SampleOptions
{
    public const string SectionName = "Sample";

    public string? Name { get; set; }

    public Uri? Endpoint { get; set; }

    public TimeSpan? Timeout { get; init; }

    public SampleRetryOptions Retry { get; set; } = new();

    /// <summary>Computed: not a setting.</summary>
    public int Twice => Retry.Attempts * 2;

    /// <summary>Private setter: not bound.</summary>
    public string Hidden { get; private set; } = "";
}
