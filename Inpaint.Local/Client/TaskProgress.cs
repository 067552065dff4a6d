namespace Inpaint.Local.Client;

/// <summary>One observation of a task while the client polls it.</summary>
/// <param name="Status">pending, running, completed, failed or cancelled.</param>
/// <param name="Step">The step in progress when the server reports one (null otherwise).</param>
/// <param name="Elapsed">Time since the task was created by this client.</param>
public sealed record TaskProgress(string Status, string? Step, TimeSpan Elapsed)
{
    public override string ToString()
        => Step is null ? $"[{Elapsed.TotalSeconds,5:F1}s] {Status}" : $"[{Elapsed.TotalSeconds,5:F1}s] {Status}: {Step}";
}
