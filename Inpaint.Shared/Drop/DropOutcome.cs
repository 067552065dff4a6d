namespace Inpaint.Shared.Drop;

/// <summary>What handling one dropped blob did; <see cref="TaskId"/> when a task exists for it.</summary>
public sealed record DropOutcome(DropOutcomeKind Kind, string? TaskId = null, string? Error = null);
