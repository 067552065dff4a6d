namespace Inpaint.Local.Tests.Hostile;

/// <summary>One hostile request and the exact answer expected: the status and the field the problem names (null: none).</summary>
public sealed record HostileCase(string Name, Func<HostileStackFixture, HttpRequestMessage> Request, int Status, string? Field, string? DetailContains = null)
{
    public override string ToString() => this.Name;
}
