using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>
/// A page of the caller's tasks, newest first, in Eden's (mongoose-paginate) shape: <see cref="Docs"/> and the page-number
/// fields. <see cref="NextCursor"/> is our cursor for the page after this one (pass it as <c>cursor</c>); a page asked for
/// by cursor carries no page numbers or total (null), only the documents and the next cursor.
/// </summary>
public sealed record TaskListPage
{
    [JsonPropertyName("docs")] public required IReadOnlyList<TaskDocument> Docs { get; init; }
    [JsonPropertyName("total")] public int? Total { get; init; }
    [JsonPropertyName("limit")] public required int Limit { get; init; }
    [JsonPropertyName("page")] public int? Page { get; init; }
    [JsonPropertyName("pages")] public int? Pages { get; init; }

    /// <summary>The 1-based position of the page's first document among all matching tasks.</summary>
    [JsonPropertyName("pagingCounter")] public int? PagingCounter { get; init; }

    [JsonPropertyName("hasPrevPage")] public bool? HasPrevPage { get; init; }
    [JsonPropertyName("hasNextPage")] public required bool HasNextPage { get; init; }
    [JsonPropertyName("prevPage")] public int? PrevPage { get; init; }
    [JsonPropertyName("nextPage")] public int? NextPage { get; init; }
    [JsonPropertyName("nextCursor")] public string? NextCursor { get; init; }
}
