using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>The spec's response wrapper: <c>{ "task": { ... } }</c>.</summary>
public sealed record TaskEnvelope([property: JsonPropertyName("task")] TaskDocument Task);
