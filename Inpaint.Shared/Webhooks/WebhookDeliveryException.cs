namespace Inpaint.Shared.Webhooks;

/// <summary>The receiver did not take the webhook (5xx, 429, 408, no answer): the delivery is retried with backoff.</summary>
public sealed class WebhookDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
