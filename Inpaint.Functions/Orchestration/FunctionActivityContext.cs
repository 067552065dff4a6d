using Microsoft.DurableTask;

namespace Inpaint.Functions.Orchestration;

/// <summary>The activity context our class-based activities expect, built from a Functions invocation.</summary>
public sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
