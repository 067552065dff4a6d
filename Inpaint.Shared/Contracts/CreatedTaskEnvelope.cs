using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>The answer to create: the spec's <c>{ "task": ... }</c> plus the task's management links.</summary>
public sealed record CreatedTaskEnvelope(
    [property: JsonPropertyName("task")] TaskDocument Task,
    [property: JsonPropertyName("links")] TaskLinks Links);
