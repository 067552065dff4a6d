using System.Text.Json;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Storage;

namespace Inpaint.Shared.Tasks;

/// <summary>Turns a task row into the API's task object, with fresh read-only links for its files.</summary>
public sealed class TaskDocuments(BlobStore blobs)
{
    public async Task<TaskDocument> ToDocumentAsync(TaskEntity row, TimeSpan linkLifetime, CancellationToken cancellationToken)
    {
        var samples = TaskCharges.Samples(row);
        List<SampleResult>? result = null;
        if (samples.Length > 0)
        {
            result = [];
            foreach (var s in samples.OrderBy(s => s.Index))
            {
                async Task<OutputFile> Media(string blob, int width, int height, string mimeType) => new()
                {
                    Url = (await blobs.ReadLinkAsync(BlobContainers.Tasks, blob, linkLifetime, cancellationToken)).ToString(),
                    Filename = Path.GetFileName(blob),
                    MediaAttributes = new MediaAttributes(width, height, mimeType),
                };

                // One preview and one mask per crop: part 0's names are stored, part k's are named with k.
                List<OutputFile> previews = [await Media(s.PreviewBlob, s.WorkWidth, s.WorkHeight, "image/png")];
                List<OutputFile> masks = [await Media(s.MaskBlob, s.WorkWidth, s.WorkHeight, "image/png")];
                for (var part = 1; part < (s.Crops?.Count ?? 1); part++)
                {
                    var crop = s.Crops![part];
                    previews.Add(await Media(TaskBlobNames.Preview(row.RowKey, part), crop.WorkWidth, crop.WorkHeight, "image/png"));
                    masks.Add(await Media(TaskBlobNames.Alpha(row.RowKey, part), crop.WorkWidth, crop.WorkHeight, "image/png"));
                }

                result.Add(new SampleResult
                {
                    Output = [await Media(s.OutputBlob, s.Width, s.Height, s.MimeType)],
                    IntermediateOutputs = new IntermediateOutputs(previews, masks),
                    Seed = s.Seed,
                    Engine = s.Engine,
                    Model = s.Model,
                    Controls = s.Controls ?? new Dictionary<string, double>(),
                    Warning = s.Warning,
                    Crop = s.Crop,
                    Crops = s.Crops,
                });
            }
        }

        var args = JsonSerializer.Deserialize<InpaintArgs>(row.ArgsJson)!;
        return new TaskDocument
        {
            Id = row.RowKey,
            CreatedAt = row.CreatedAt,
            UpdatedAt = row.UpdatedAt,
            User = row.PartitionKey,
            Requester = row.Requester,
            Tool = row.Tool,
            Args = args,
            Cost = TaskCharges.Net(row),
            HandlerId = row.HandlerId,
            Status = row.Status,
            Error = row.Error,
            Result = result,
            Warnings = result?.Select(r => r.Warning).OfType<string>().Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } warnings ? warnings : null,
            Performance = row.PerformanceJson is null ? null : JsonSerializer.Deserialize<TaskPerformance>(row.PerformanceJson),
            Progress = TaskStatuses.IsFinal(row.Status) || row.Step is null ? null : new TaskProgressReport(row.Step, samples.Length, args.NSamples),
        };
    }
}
