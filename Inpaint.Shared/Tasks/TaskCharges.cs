using System.Text.Json;
using Inpaint.Shared.Contracts;

namespace Inpaint.Shared.Tasks;

/// <summary>
/// What a task finally costs: the charge taken at creation, pro rata for the samples delivered. The refund of a final
/// task (by the finalizer, a cancel or the reconciler, whichever gets there first: the ledger keeps one per task) and
/// the <c>cost</c> the API shows are both computed here, from the row, so they always agree.
/// </summary>
public static class TaskCharges
{
    /// <summary>Samples a final row delivered: those recorded in it, unless it failed (a failed task delivers nothing).</summary>
    public static int Delivered(TaskEntity row) =>
        row.Status is TaskStatuses.Completed or TaskStatuses.Cancelled ? Samples(row).Length : 0;

    /// <summary>The samples recorded in the row, by index (delivered so far while it runs).</summary>
    public static StoredSample[] Samples(TaskEntity row) =>
        row.ResultJson is null ? [] : JsonSerializer.Deserialize<StoredSample[]>(row.ResultJson) ?? [];

    /// <summary>The credits given back for the samples not delivered (never more than was charged).</summary>
    public static int Refund(int charged, int requested, int delivered) =>
        requested <= 0 ? charged : charged * (requested - Math.Clamp(delivered, 0, requested)) / requested;

    /// <summary>The net charge of a final row; the full charge while it is pending or running.</summary>
    public static int Net(TaskEntity row)
    {
        if (!TaskStatuses.IsFinal(row.Status)) return row.Cost;
        var requested = JsonSerializer.Deserialize<InpaintArgs>(row.ArgsJson)!.NSamples;
        return row.Cost - Refund(row.Cost, requested, Delivered(row));
    }
}
