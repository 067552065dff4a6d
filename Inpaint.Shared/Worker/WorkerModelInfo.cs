namespace Inpaint.Shared.Worker;

/// <summary>One engine the worker hosts: its <paramref name="Kind"/> (<c>fill</c> or <c>region</c>),
/// engine name and model identity.</summary>
public sealed record WorkerModelInfo(string Kind, string Name, string Model);
