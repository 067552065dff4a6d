namespace Inpaint.Local.Drop;

/// <summary>The local stack's stand-in for the Azure blob trigger (section <c>DropPoller</c>).</summary>
public sealed class DropPollerOptions
{
    public const string SectionName = "DropPoller";

    /// <summary>Off: files dropped locally wait until it is on again.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Pause between two listings of the <c>drop</c> container (a batch inbox: seconds do not matter, an idle host's CPU does).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
}
