namespace Inpaint.Shared.Webhooks;

/// <summary>How task webhooks are signed.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>
    /// The HMAC-SHA256 key of <c>X-Inpaint-Signature</c>, shared with the receivers. Empty: webhooks are off and a
    /// task that asks for one is refused at creation.
    /// </summary>
    public string? Secret { get; set; }
}
