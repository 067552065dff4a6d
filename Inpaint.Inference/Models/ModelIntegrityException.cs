namespace Inpaint.Inference.Models;

/// <summary>A model file's size or SHA-256 does not match its manifest (corrupt or tampered download).</summary>
public sealed class ModelIntegrityException(string model, string file, string message)
    : Exception($"model '{model}', file '{file}': {message}")
{
    public string Model { get; } = model;

    public string File { get; } = file;
}
