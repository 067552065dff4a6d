using Inpaint.Shared.Imaging;

namespace Inpaint.Shared.Orchestration;

/// <summary>Paste sample <see cref="Index"/> back into the original through the feathered alpha.</summary>
/// <param name="Feathered">Whether mask_expand or mask_blur is above 0: without either, only the region's own
/// pixels change (<see cref="Compositor.AlphaAtSource"/>).</param>
public sealed record CompositeInput(string TaskId, int Index, CropBox Box, string OutputFormat, bool ColorMatch = false, bool Feathered = true);
