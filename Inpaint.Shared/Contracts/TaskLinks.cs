using System.Text.Json.Serialization;

namespace Inpaint.Shared.Contracts;

/// <summary>
/// Durable Functions-style management links, scoped to the caller's key (never the task hub's system URLs):
/// poll <see cref="StatusQueryGetUri"/> (202 while running, 200 with the final task), post to <see cref="CancelPostUri"/>.
/// </summary>
public sealed record TaskLinks(
    [property: JsonPropertyName("statusQueryGetUri")] string StatusQueryGetUri,
    [property: JsonPropertyName("cancelPostUri")] string CancelPostUri);
