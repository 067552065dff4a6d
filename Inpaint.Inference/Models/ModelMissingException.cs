namespace Inpaint.Inference.Models;

/// <summary>
/// A request needs a model this server does not have. Hosts map it to a 400 (at create time) or a permanent
/// task failure; the message names the model and how to install it.
/// </summary>
public sealed class ModelMissingException(string model, string installHint)
    : Exception($"model '{model}' is not installed; {installHint}")
{
    public string Model { get; } = model;

    public string InstallHint { get; } = installHint;
}
