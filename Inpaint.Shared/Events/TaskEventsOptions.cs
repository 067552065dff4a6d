namespace Inpaint.Shared.Events;

/// <summary>How <c>GET /v2/tasks/events</c> watches tasks (section <c>Events</c>).</summary>
public sealed class TaskEventsOptions
{
    public const string SectionName = "Events";

    /// <summary>How often the watched tasks are read again (row and orchestration status).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A <c>heartbeat</c> event after this long without an update, so idle-socket timeouts keep the stream open. Under
    /// 5 s: Node.js (19+) gives the pooled keep-alive sockets that Eden's SDK reuses for its event stream a 5 s idle
    /// timeout, so a step that runs longer than that without an event would otherwise drop the stream.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    public bool IsValid() => PollInterval > TimeSpan.Zero && HeartbeatInterval > TimeSpan.Zero;
}
