using Inpaint.Shared.Contracts;

namespace Inpaint.Shared.Orchestration;

/// <summary>
/// The orchestration's input: the task's identity and validated args. Small by design: image references,
/// never pixels. <see cref="Seed"/> is the task's seed (chosen at creation when the caller gave none).
/// </summary>
public sealed record InpaintJob(string TaskId, string User, InpaintArgs Args, long Seed, DateTimeOffset CreatedAt, DropOrigin? Drop = null);
