namespace Inpaint.Shared.Orchestration;

/// <summary>
/// Where a blob-drop task came from: its outputs and result.json go to <c>drop-results/{Batch}/{Name}/</c>.
/// <see cref="Source"/> and <see cref="ETag"/> name the dropped blob's version, recorded in result.json.
/// </summary>
public sealed record DropOrigin(string Batch, string Name, string? Source = null, string? ETag = null);
