using Inpaint.Shared.Imaging;
using Inpaint.Shared.Inputs;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Validation;
using Inpaint.Shared.Worker;
using Microsoft.DurableTask;

namespace Inpaint.Shared.Orchestration;

/// <summary>
/// Failures that a retry cannot fix (a bad image, no region found, the GPU worker's refusal): the task fails at once with the
/// exception's message, which is written for the caller. Anything else is retried, then reported generically.
/// </summary>
public static class PermanentFailures
{
    // Compared by full name: TaskFailureDetails.IsCausedBy resolves names across every loaded assembly and
    // throws when two define the same type name (HttpRequestException does), which would crash the orchestrator.
    private static readonly HashSet<string> TypeNames =
    [
        typeof(InvalidImageException).FullName!, typeof(RegionNotFoundException).FullName!,
        typeof(RequestValidationException).FullName!, typeof(FetchRefusedException).FullName!,
        typeof(ArgumentException).FullName!, typeof(ArgumentOutOfRangeException).FullName!,
        typeof(WorkerRefusedException).FullName!,
    ];

    public static bool Is(TaskFailureDetails failure)
    {
        for (var f = failure; f is not null; f = f.InnerFailure)
            if (TypeNames.Contains(f.ErrorType)) return true;
        return false;
    }

    /// <summary>The text for the task's <c>error</c> field: the cause for permanent failures, the step otherwise.</summary>
    public static string Describe(TaskFailureDetails failure, string step)
    {
        for (var f = failure; f is not null; f = f.InnerFailure)
            if (TypeNames.Contains(f.ErrorType)) return f.ErrorMessage;
        return $"internal error during {step}; the charge for undelivered samples is refunded";
    }
}
