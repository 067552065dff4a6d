namespace Inpaint.Shared.Orchestration;

/// <summary>A final blob-drop task whose outputs and result.json go to <c>drop-results/{batch}/{name}/</c>.</summary>
public sealed record DropDeliveryInput(string TaskId, string User, DropOrigin Drop);
