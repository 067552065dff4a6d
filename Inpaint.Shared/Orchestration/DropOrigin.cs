namespace Inpaint.Shared.Orchestration;

/// <summary>Where a blob-drop task came from: its outputs and result.json go to <c>drop-results/{Batch}/{Name}/</c>.</summary>
public sealed record DropOrigin(string Batch, string Name);
