namespace Inpaint.Shared.Storage;

/// <summary>A blob that should exist does not (an unknown upload, or a step's input that was never written).</summary>
public sealed class BlobNotFoundException(string container, string name)
    : Exception($"Blob '{container}/{name}' does not exist.")
{
    public string Container { get; } = container;

    public string Name { get; } = name;
}
