namespace Inpaint.Shared.Events;

/// <summary>How <c>GET /v2/tasks/events</c> watches tasks (section <c>Events</c>).</summary>
public sealed class TaskEventsOptions
{
    public const string SectionName = "Events";

    /// <summary>How often the watched tasks are read again (row and orchestration status).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A <c>heartbeat</c> event after this long without an update, so proxies keep the stream open.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    public bool IsValid() => PollInterval > TimeSpan.Zero && HeartbeatInterval > TimeSpan.Zero;
}
