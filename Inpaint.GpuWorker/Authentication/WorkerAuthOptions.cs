namespace Inpaint.GpuWorker.Authentication;

/// <summary>
/// Who may call the worker (settings <c>Auth__*</c>). Locally a shared key (<see cref="ApiKey"/>, sent as
/// <c>X-Worker-Key</c>); in Azure Microsoft Entra ID bearer tokens whose audience is <see cref="Audience"/>,
/// issued by <see cref="Authority"/>. At least one must be set; both may be.
/// </summary>
public sealed class WorkerAuthOptions
{
    public const string SectionName = "Auth";

    public string? ApiKey { get; set; }

    /// <summary>Accepted token audience: the worker app registration's application ID URI or client id.</summary>
    public string? Audience { get; set; }

    /// <summary>Token issuer authority, for example <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
    public string? Authority { get; set; }
}
