namespace Inpaint.Pipeline.Bench;

/// <summary>
/// Where one task's time went, in seconds, read from the task document: each step's own run time as the
/// activity measured it, <see cref="Wall"/> (the task's creation to its final row being written) and
/// <see cref="FinalizeTail"/> (the end of the last step to the final row: the finalize activity with its dispatch;
/// the finalize activity cannot time itself into the row it writes).
/// </summary>
internal sealed record TaskFigures(
    double Prepare,
    double SelectRegion,
    double RefineMask,
    double Generate,
    double Composite,
    double FinalizeTail,
    double Wall)
{
    /// <summary>Wall time minus the steps' run times (issue 15's definition): queueing, dispatch, history, the finalize tail.</summary>
    public double Overhead => Wall - Prepare - SelectRegion - RefineMask - Generate - Composite;

    /// <summary>What the user waits for beyond the model: wall time minus the fill.</summary>
    public double OutsideFill => Wall - Generate;
}
