using Inpaint.Shared.Imaging;

namespace Inpaint.Shared.Orchestration;

/// <summary>Paste sample <see cref="Index"/> back into the original through the feathered alpha, each part into its own box.</summary>
/// <param name="Boxes">The crop of each part of the region (<see cref="CropReport.Boxes"/>).</param>
/// <param name="Feathered">Whether mask_expand or mask_blur is above 0: without either, only the region's own
/// pixels change (<see cref="Compositor.AlphaAtSource"/>).</param>
public sealed record CompositeInput(string TaskId, int Index, IReadOnlyList<CropBox> Boxes, string OutputFormat, bool ColorMatch = false, bool Feathered = true);
