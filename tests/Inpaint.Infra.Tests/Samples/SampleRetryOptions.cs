namespace Inpaint.Infra.Tests.Samples;

/// <summary>Nested options object without a section of its own: flattened under its parent's key.</summary>
public sealed class SampleRetryOptions
{
    public int Attempts { get; set; } = 3;

    public SampleMode Mode { get; set; }
}
