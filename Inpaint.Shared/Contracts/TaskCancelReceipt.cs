using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>Eden's answer to <c>POST /v2/tasks/cancel</c>: the task's status after the cancel.</summary>
public sealed record TaskCancelReceipt([property: JsonPropertyName("taskStatus")] string TaskStatus);
