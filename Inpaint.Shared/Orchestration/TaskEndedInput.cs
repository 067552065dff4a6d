namespace Inpaint.Shared.Orchestration;

/// <summary>A final task and who wants to hear of it: its blob-drop folder and/or its webhook (either may be null).</summary>
public sealed record TaskEndedInput(string TaskId, string User, DropOrigin? Drop, string? WebhookUrl)
{
    public bool HasListeners => Drop is not null || WebhookUrl is not null;
}
