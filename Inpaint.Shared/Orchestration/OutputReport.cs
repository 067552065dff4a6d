namespace Inpaint.Shared.Orchestration;

/// <summary>A finished output blob and its media attributes.</summary>
public sealed record OutputReport(int Index, string Blob, int Width, int Height, string MimeType, double RunSeconds);
