namespace Inpaint.Inference.Models;

/// <summary>Progress of one file of a pull, import or blob fill.</summary>
public sealed record ModelTransferProgress(string Model, string File, long Bytes, long? Total, bool Resumed = false);
