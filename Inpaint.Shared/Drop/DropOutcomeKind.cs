namespace Inpaint.Shared.Drop;

public enum DropOutcomeKind
{
    /// <summary>A task was created (or found, for the same blob version) and <c>result.json</c> says pending.</summary>
    Created,

    /// <summary>This version of the blob was handled before (its <c>result.json</c> names it): nothing done.</summary>
    AlreadyProcessed,

    /// <summary>Another trigger for the same blob version is creating its task, or made it with other args.</summary>
    Duplicate,

    /// <summary>The file was refused (not an image, bad args, unknown owner, 402): <c>result.json</c> has the error.</summary>
    Refused,

    /// <summary>Not a task: an args file, a blob outside a batch folder, or a blob gone or replaced meanwhile.</summary>
    Ignored,
}
