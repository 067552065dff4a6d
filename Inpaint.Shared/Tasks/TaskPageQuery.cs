using System.Globalization;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Validation;
using Microsoft.AspNetCore.Http;

namespace Inpaint.Shared.Tasks;

/// <summary>
/// What <c>GET /v2/tasks</c> asks for, as Eden's SDK sends it (<c>listV2</c>): <c>page</c> and <c>limit</c>, and the
/// filters <c>status</c> and <c>taskId</c> (each may repeat), <c>tool</c>, <c>type</c> and <c>output_type</c>; or our
/// <c>cursor</c> instead of <c>page</c>. Parsed from text so a malformed value is a 400 problem naming it.
/// </summary>
public sealed record TaskPageQuery
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>Eden's task types: every task here makes a creation, none trains a concept.</summary>
    public static readonly IReadOnlyList<string> Types = ["creations", "concepts"];

    /// <summary>Eden's output types (<c>ToolOutputTypeV2</c>); this service's tasks all output images.</summary>
    public static readonly IReadOnlyList<string> OutputTypes = ["image", "video", "model", "text", "audio", "lora"];

    public static readonly IReadOnlyList<string> Statuses =
        [TaskStatuses.Pending, TaskStatuses.Running, TaskStatuses.Completed, TaskStatuses.Failed, TaskStatuses.Cancelled];

    public int Page { get; init; } = 1;
    public int Limit { get; init; } = DefaultLimit;
    public IReadOnlyList<string> Status { get; init; } = [];
    public IReadOnlyList<string> TaskIds { get; init; } = [];
    public string? Tool { get; init; }
    public string? Type { get; init; }
    public string? OutputType { get; init; }
    public string? Cursor { get; init; }

    /// <summary>True when the filters exclude every task this service can hold (concepts, non-image outputs).</summary>
    public bool MatchesNothing =>
        Type == "concepts" || (OutputType is not null && OutputType != "image");

    public static TaskPageQuery Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        int? Integer(string name, int min, int max)
        {
            var text = query[name].ToString();
            if (text.Length == 0) return null;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
            Fail(name, $"{name} must be an integer between {min} and {max}");
            return null;
        }

        string? Choice(string name, IReadOnlyList<string> allowed)
        {
            var text = query[name].ToString();
            if (text.Length == 0) return null;
            if (allowed.Contains(text)) return text;
            Fail(name, $"{name} must be one of {string.Join(", ", allowed)}");
            return null;
        }

        var statuses = Values(query, "status");
        if (statuses.FirstOrDefault(s => !Statuses.Contains(s)) is not null)
            Fail("status", $"status must be one of {string.Join(", ", Statuses)}");
        var ids = Values(query, "taskId");
        if (ids.Count > MaxLimit)
            Fail("taskId", $"at most {MaxLimit} taskId values");
        var tool = query["tool"].ToString();
        var cursor = query["cursor"].ToString();
        if (cursor.Length > 0 && query["page"].ToString().Length > 0)
            Fail("cursor", "give either page or cursor, not both");

        var parsed = new TaskPageQuery
        {
            Page = Integer("page", 1, 100_000) ?? 1,
            Limit = Integer("limit", 1, MaxLimit) ?? DefaultLimit,
            Status = statuses,
            TaskIds = ids,
            Tool = tool.Length == 0 ? null : tool,
            Type = Choice("type", Types),
            OutputType = Choice("output_type", OutputTypes),
            Cursor = cursor.Length == 0 ? null : cursor,
        };
        if (errors.Count > 0) throw new RequestValidationException(errors);
        return parsed;
    }

    /// <summary>A repeated parameter (<c>status=a&amp;status=b</c>, as the SDK sends arrays) or a comma-separated one.</summary>
    private static List<string> Values(IQueryCollection query, string name) =>
        query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();
}
