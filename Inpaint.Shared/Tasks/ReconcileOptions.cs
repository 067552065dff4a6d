namespace Inpaint.Shared.Tasks;

/// <summary>How <see cref="TaskReconciler"/> runs (configuration section <c>Reconcile</c>).</summary>
public sealed class ReconcileOptions
{
    public const string SectionName = "Reconcile";

    /// <summary>
    /// Only tasks created longer ago than this are looked at, so a create still in progress is never touched.
    /// Longer than any create takes, and than <c>IdempotencyStore.StaleAfter</c> (2 min), after which a client's
    /// retry takes an interrupted create over by itself.
    /// </summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the local stack reconciles (Azure: the timer function's schedule, every 5 minutes).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
}
