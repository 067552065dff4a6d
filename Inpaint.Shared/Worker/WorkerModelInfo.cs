using Inpaint.Shared.Generation;

namespace Inpaint.Shared.Worker;

/// <summary>One engine the worker hosts: its <paramref name="Kind"/> (<c>fill</c> or <c>region</c>), engine name,
/// model identity and, for fills, what it is for (removal or generative).</summary>
public sealed record WorkerModelInfo(string Kind, string Name, string Model, GenerationPurpose? Purpose = null);
