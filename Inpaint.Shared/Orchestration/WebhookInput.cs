namespace Inpaint.Shared.Orchestration;

/// <summary>A final task to POST to the caller's <c>webhook_url</c>.</summary>
public sealed record WebhookInput(string TaskId, string User, string Url);
