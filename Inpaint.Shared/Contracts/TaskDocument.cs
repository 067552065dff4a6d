using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>A task as the API returns it: every field of the spec's response format.</summary>
public sealed record TaskDocument
{
    [JsonPropertyName("_id")] public required string Id { get; init; }
    [JsonPropertyName("createdAt")] public required DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("updatedAt")] public required DateTimeOffset UpdatedAt { get; init; }
    [JsonPropertyName("user")] public required string User { get; init; }
    [JsonPropertyName("requester")] public required string Requester { get; init; }
    [JsonPropertyName("tool")] public required string Tool { get; init; }
    [JsonPropertyName("parent_tool")] public string? ParentTool { get; init; }
    [JsonPropertyName("output_type")] public string OutputType { get; init; } = "image";
    [JsonPropertyName("args")] public required InpaintArgs Args { get; init; }
    [JsonPropertyName("mock")] public bool Mock { get; init; }
    [JsonPropertyName("cost")] public required int Cost { get; init; }
    [JsonPropertyName("handler_id")] public required string HandlerId { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("result")] public IReadOnlyList<SampleResult>? Result { get; init; }
    [JsonPropertyName("performance")] public TaskPerformance? Performance { get; init; }

    /// <summary>The distinct warnings of the result entries (for example a prompt no installed engine could
    /// honour); absent when there are none. Not part of the reference's format; ignorable.</summary>
    [JsonPropertyName("warnings")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>The step in progress while the task is pending or running (not part of the reference's format; ignorable).</summary>
    [JsonPropertyName("progress")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TaskProgressReport? Progress { get; init; }
}
