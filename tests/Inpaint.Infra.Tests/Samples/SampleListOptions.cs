namespace Inpaint.Infra.Tests.Samples;

/// <summary>A collection property: the flattening refuses it rather than guess its keys.</summary>
public sealed class SampleListOptions
{
    public const string SectionName = "SampleList";

    public List<string> Hosts { get; set; } = [];
}
