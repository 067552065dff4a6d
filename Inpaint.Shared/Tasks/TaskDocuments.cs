using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Storage;

namespace Inpaint.Shared.Tasks;

/// <summary>Turns a task row into the API's task object, with fresh read-only links for its files.</summary>
public sealed class TaskDocuments(BlobStore blobs)
{
    public async Task<TaskDocument> ToDocumentAsync(TaskEntity row, TimeSpan linkLifetime, CancellationToken cancellationToken)
    {
        var samples = row.ResultJson is null ? null : JsonSerializer.Deserialize<StoredSample[]>(row.ResultJson);
        List<SampleResult>? result = null;
        if (samples is { Length: > 0 })
        {
            result = [];
            foreach (var s in samples.OrderBy(s => s.Index))
            {
                async Task<string> Link(string blob) =>
                    (await blobs.ReadLinkAsync(BlobContainers.Tasks, blob, linkLifetime, cancellationToken)).ToString();

                result.Add(new SampleResult
                {
                    Output =
                    [
                        new OutputFile
                        {
                            Url = await Link(s.OutputBlob),
                            Filename = Path.GetFileName(s.OutputBlob),
                            MediaAttributes = new MediaAttributes(s.Width, s.Height, s.MimeType),
                        },
                    ],
                    IntermediateOutputs = new IntermediateOutputs(await Link(s.MaskBlob), await Link(s.PreviewBlob)),
                    Seed = s.Seed,
                    Engine = s.Engine,
                    Model = s.Model,
                    Controls = s.Controls ?? new Dictionary<string, double>(),
                    Warning = s.Warning,
                });
            }
        }

        return new TaskDocument
        {
            Id = row.RowKey,
            CreatedAt = row.CreatedAt,
            UpdatedAt = row.UpdatedAt,
            User = row.PartitionKey,
            Requester = row.Requester,
            Tool = row.Tool,
            Args = JsonSerializer.Deserialize<InpaintArgs>(row.ArgsJson)!,
            Cost = row.Cost,
            HandlerId = row.HandlerId,
            Status = row.Status,
            Error = row.Error,
            Result = result,
            Warnings = result?.Select(r => r.Warning).OfType<string>().Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } warnings ? warnings : null,
            Performance = row.PerformanceJson is null ? null : JsonSerializer.Deserialize<TaskPerformance>(row.PerformanceJson),
        };
    }
}
