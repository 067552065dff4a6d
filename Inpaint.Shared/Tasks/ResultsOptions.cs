namespace Inpaint.Shared.Tasks;

/// <summary>How result links are made.</summary>
public sealed class ResultsOptions
{
    public const string SectionName = "Results";

    /// <summary>How long a read-only result link stays valid.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Recorded as the task's <c>handler_id</c>: which deployment ran it.</summary>
    public string HandlerId { get; set; } = Environment.MachineName;
}
