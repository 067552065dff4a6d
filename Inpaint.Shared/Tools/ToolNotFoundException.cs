namespace Inpaint.Shared.Tools;

/// <summary>A tool key this service does not run (a 404 problem that lists the ones it does).</summary>
public sealed class ToolNotFoundException(string key)
    : Exception($"tool '{(key.Length > 64 ? key[..64] : key)}' not found; known tools: {string.Join(", ", Contracts.ToolNames.All)}");
