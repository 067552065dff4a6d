using System.Text.Json;

namespace Inpaint.Shared.Worker;

/// <summary>The JSON settings of the worker protocol (ASP.NET Core's web defaults: camelCase, case-insensitive reads).</summary>
public static class WorkerJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
