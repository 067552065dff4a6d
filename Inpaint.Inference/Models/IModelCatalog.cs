namespace Inpaint.Inference.Models;

/// <summary>
/// Which models this server has. Create-time validation asks it before accepting a request, so a request whose
/// model is missing is refused with <see cref="ModelMissingException"/> instead of failing later on the worker.
/// </summary>
public interface IModelCatalog
{
    /// <summary>True when the model's manifest and every file are present (sizes checked, not hashes).</summary>
    bool IsInstalled(string name);

    /// <summary>The installed manifest, or null.</summary>
    ModelManifest? Find(string name);

    /// <summary>Throws <see cref="ModelMissingException"/> naming the model and how to install it.</summary>
    ModelManifest Require(string name);
}
