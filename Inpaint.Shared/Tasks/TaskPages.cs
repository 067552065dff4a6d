using System.Text;
using Azure.Data.Tables;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Validation;
using Microsoft.Extensions.Options;

namespace Inpaint.Shared.Tasks;

/// <summary>
/// <c>GET /v2/tasks</c>: the caller's tasks, newest first (task ids sort that way in the user's partition), by Eden's
/// page numbers or by our cursor. Table storage cannot count or skip, so a numbered page reads the matching row keys
/// only (a projection), counts them and then reads the page's rows; a cursor page reads just its rows after the cursor.
/// </summary>
public sealed class TaskPages(TaskStore tasks, TaskDocuments documents, IOptions<ResultsOptions> results)
{
    public async Task<TaskListPage> ListAsync(string user, TaskPageQuery query, CancellationToken cancellationToken)
    {
        var after = query.Cursor is null ? null : DecodeCursor(query.Cursor);
        if (query.MatchesNothing)
            return after is null ? Numbered(query, [], 0) : new TaskListPage { Docs = [], Limit = query.Limit, HasNextPage = false };

        var filter = Filter(user, query, after);
        if (after is not null)
        {
            var rows = await tasks.QueryAsync(filter, query.Limit + 1, cancellationToken);
            var page = rows.Take(query.Limit).ToList();
            var more = rows.Count > query.Limit;
            return new TaskListPage
            {
                Docs = await DocumentsAsync(page, cancellationToken),
                Limit = query.Limit,
                HasNextPage = more,
                NextCursor = more ? EncodeCursor(page[^1].RowKey) : null,
            };
        }

        var ids = await tasks.QueryIdsAsync(filter, cancellationToken);
        var window = ids.Skip((query.Page - 1) * query.Limit).Take(query.Limit).ToList();
        var found = await Task.WhenAll(window.Select(id => tasks.FindAsync(user, id, cancellationToken)));
        // A row can vanish between the two reads (a create whose charge was refused): it is simply not shown.
        return Numbered(query, await DocumentsAsync(found.OfType<TaskEntity>().ToList(), cancellationToken), ids.Count);
    }

    /// <summary>A page by cursor (null: the first page), optionally of one status: what our own clients and tests ask.</summary>
    public Task<TaskListPage> ListAsync(string user, string? status, int? limit, string? cursor, CancellationToken cancellationToken) =>
        ListAsync(user, new TaskPageQuery
        {
            Status = status is null ? [] : [status],
            Limit = limit ?? TaskPageQuery.DefaultLimit,
            Cursor = cursor,
        }, cancellationToken);

    private static TaskListPage Numbered(TaskPageQuery query, IReadOnlyList<TaskDocument> docs, int total)
    {
        var pages = Math.Max(1, (total + query.Limit - 1) / query.Limit);
        var hasNext = query.Page < pages;
        return new TaskListPage
        {
            Docs = docs,
            Total = total,
            Limit = query.Limit,
            Page = query.Page,
            Pages = pages,
            PagingCounter = (query.Page - 1) * query.Limit + 1,
            HasPrevPage = query.Page > 1,
            HasNextPage = hasNext,
            PrevPage = query.Page > 1 ? query.Page - 1 : null,
            NextPage = hasNext ? query.Page + 1 : null,
            NextCursor = hasNext && docs.Count > 0 ? EncodeCursor(docs[^1].Id) : null,
        };
    }

    private async Task<IReadOnlyList<TaskDocument>> DocumentsAsync(IReadOnlyList<TaskEntity> rows, CancellationToken cancellationToken)
    {
        var page = new List<TaskDocument>(rows.Count);
        foreach (var row in rows)
            page.Add(await documents.ToDocumentAsync(row, results.Value.LinkLifetime, cancellationToken));
        return page;
    }

    /// <summary>The OData filter: the user's partition, each filter as an OR of its values, and the cursor.</summary>
    private static string Filter(string user, TaskPageQuery query, string? after)
    {
        var clauses = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {user}") };
        if (query.Status.Count > 0)
            clauses.Add(AnyOf(query.Status.Select(s => TableClient.CreateQueryFilter($"Status eq {s}"))));
        if (query.TaskIds.Count > 0)
            clauses.Add(AnyOf(query.TaskIds.Select(id => TableClient.CreateQueryFilter($"RowKey eq {id}"))));
        if (query.Tool is not null)
            clauses.Add(TableClient.CreateQueryFilter($"Tool eq {query.Tool}"));
        if (after is not null)
            clauses.Add(TableClient.CreateQueryFilter($"RowKey gt {after}"));
        return string.Join(" and ", clauses);
    }

    private static string AnyOf(IEnumerable<string> alternatives) => "(" + string.Join(" or ", alternatives) + ")";

    /// <summary>The cursor names the last task of the page it ended (base64url), so it stays valid as tasks are added.</summary>
    private static string EncodeCursor(string lastTaskId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(lastTaskId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string DecodeCursor(string cursor)
    {
        try
        {
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            var id = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            if (TaskIds.IsWellFormed(id)) return id;
        }
        catch (FormatException)
        {
        }

        throw new RequestValidationException("cursor", "cursor is not one this API returned; pass the nextCursor of a previous page");
    }
}
