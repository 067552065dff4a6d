namespace Inpaint.Shared.Drop;

/// <summary>A dropped file that cannot become a task; the message goes into its <c>result.json</c>.</summary>
public sealed class DropRefusedException(string message) : Exception(message);
