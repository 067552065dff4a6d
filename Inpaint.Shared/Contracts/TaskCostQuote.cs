using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>Eden's answer to <c>POST /v2/tasks/cost</c>: what creating the task would charge, in credits.</summary>
public sealed record TaskCostQuote([property: JsonPropertyName("cost")] int Cost);
