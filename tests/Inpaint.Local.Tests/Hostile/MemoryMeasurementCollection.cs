namespace Inpaint.Local.Tests.Hostile;

/// <summary>Tests that measure the process's memory: run with no other test class beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurement";
}
