using Inpaint.Shared.Imaging;

namespace Inpaint.Shared.Orchestration;

/// <summary>Paste sample <see cref="Index"/> back into the original through the feathered alpha.</summary>
public sealed record CompositeInput(string TaskId, int Index, CropBox Box, string OutputFormat, bool ColorMatch = false);
