using System.Diagnostics.CodeAnalysis;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Limits;

namespace Inpaint.Shared.Inputs;

/// <summary>
/// Where an image argument points: <c>upload:ID</c>, a <c>data:image/...;base64,</c> URI, or an
/// http(s) URL. Parsing checks the shape only; fetching applies the URL guard and the image limits.
/// </summary>
public sealed record ImageReference(ImageReferenceKind Kind, string Value)
{
    public const string UploadScheme = "upload:";

    /// <summary>The upload id of an <see cref="ImageReferenceKind.Upload"/> reference.</summary>
    public string UploadId => Kind == ImageReferenceKind.Upload
        ? Value[UploadScheme.Length..]
        : throw new InvalidOperationException("Not an upload reference.");

    public static ImageReference ForUpload(string uploadId) => new(ImageReferenceKind.Upload, UploadScheme + uploadId);

    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var problem) ? reference : throw new FormatException(problem);

    /// <summary>Parses <paramref name="text"/>; <paramref name="problem"/> completes the sentence "image …".</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ImageReference? reference, out string problem)
    {
        reference = null;
        problem = "";
        if (text.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            if (!text.Contains(";base64,", StringComparison.OrdinalIgnoreCase))
            {
                problem = "must be a base64 data: URI (data:image/png;base64,...)";
                return false;
            }

            reference = new ImageReference(ImageReferenceKind.DataUri, text);
            return true;
        }

        if (text.Length > ArgLimits.MaxReferenceLength)
        {
            problem = $"must be at most {ArgLimits.MaxReferenceLength} characters unless it is a data: URI";
            return false;
        }

        if (text.StartsWith(UploadScheme, StringComparison.Ordinal))
        {
            var id = text[UploadScheme.Length..];
            if (id.Length is < 1 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                problem = "has a malformed upload reference; use the 'reference' returned by POST /v2/uploads";
                return false;
            }

            reference = new ImageReference(ImageReferenceKind.Upload, text);
            return true;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            reference = new ImageReference(ImageReferenceKind.Url, uri.AbsoluteUri);
            return true;
        }

        problem = "must be an uploaded reference (upload:ID), a data: URI or an https URL";
        return false;
    }

    public override string ToString() => Value;
}
