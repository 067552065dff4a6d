namespace Inpaint.Shared.Inputs;

public enum ImageReferenceKind
{
    /// <summary>A file uploaded through <c>POST /v2/uploads</c> by the same user.</summary>
    Upload,

    /// <summary>Inline bytes in a <c>data:</c> URI (stored as an upload when the task is created).</summary>
    DataUri,

    /// <summary>A remote file fetched through the SSRF guard.</summary>
    Url,
}
