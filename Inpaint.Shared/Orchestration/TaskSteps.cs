namespace Inpaint.Shared.Orchestration;

/// <summary>
/// The steps of a task, as the API shows them: in <c>progress.step</c> while it runs and in
/// <c>performance.steps</c> once it ends. The values are public; changing one breaks clients.
/// </summary>
public static class TaskSteps
{
    public const string Prepare = "prepare";
    public const string SelectRegion = "select-region";
    public const string RefineMask = "refine-mask";
    public const string Generate = "generate";
    public const string Composite = "composite";

    /// <summary>
    /// The generate step's key in <c>performance.steps</c>: <c>diffuse</c>, the name it had when timings were
    /// first published (progress calls the same step <see cref="Generate"/>). Kept so readers of the timings
    /// do not break.
    /// </summary>
    public const string GenerateTiming = "diffuse";
}
