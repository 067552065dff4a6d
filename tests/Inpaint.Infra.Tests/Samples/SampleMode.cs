namespace Inpaint.Infra.Tests.Samples;

public enum SampleMode
{
    Fixed,
    Exponential,
}
