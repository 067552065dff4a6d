namespace Inpaint.Shared.Orchestration;

/// <summary>Retry timing of the activity calls (settings <c>Retry__*</c>); the attempts per kind of step are in <see cref="RetryPolicies"/>.</summary>
public sealed class RetryOptions
{
    public const string SectionName = "Retry";

    /// <summary>First retry delay; each further retry doubles it. Tests set a millisecond.</summary>
    public TimeSpan FirstRetryInterval { get; set; } = TimeSpan.FromSeconds(2);
}
