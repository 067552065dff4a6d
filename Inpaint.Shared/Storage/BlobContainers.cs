namespace Inpaint.Shared.Storage;

/// <summary>The blob containers of ARCHITECTURE §4.</summary>
public static class BlobContainers
{
    public const string Uploads = "uploads";
    public const string Tasks = "tasks";
    public const string Drop = "drop";
    public const string DropResults = "drop-results";

    public static readonly IReadOnlyList<string> All = [Uploads, Tasks, Drop, DropResults];
}
