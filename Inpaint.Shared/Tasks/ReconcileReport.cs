namespace Inpaint.Shared.Tasks;

/// <summary>What one reconciliation pass did: orchestrations started, tasks ended (refunded), tasks never charged and failed.</summary>
public sealed record ReconcileReport(int Started, int Ended, int NeverCharged)
{
    public bool DidAnything => Started + Ended + NeverCharged > 0;
}
