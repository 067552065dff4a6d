namespace Inpaint.GpuWorker.Tests.Hosting;

/// <summary>Worker tests share one Azurite.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<Inpaint.Testing.AzuriteFixture>
{
    public const string Name = "Worker on Azurite";
}
