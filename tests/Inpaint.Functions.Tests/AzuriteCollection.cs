// xunit only discovers collection definitions in the test assembly itself, so each test project declares its own.
using Inpaint.Testing;

namespace Inpaint.Functions.Tests;

/// <summary>Tests that share one Azurite.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
