namespace Inpaint.Local.Tests.Fuzzing;

/// <summary>The fuzzer and the regression cases share one stack and run one after the other (the fuzzer audits the ledger).</summary>
[CollectionDefinition(Name)]
public sealed class ApiStackCollection : ICollectionFixture<ApiStackFixture>
{
    public const string Name = "api stack";
}
