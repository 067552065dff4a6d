namespace Inpaint.Infra.Tests.Bicep;

/// <summary>Tests that share one run of lint.sh.</summary>
[CollectionDefinition(Name)]
public sealed class BicepCollection : ICollectionFixture<BicepBuild>
{
    public const string Name = "bicep";
}
