using System.Net;
using System.Net.Http.Headers;

namespace Inpaint.Inference.Models;

/// <summary>
/// Downloads one model file over HTTP(S) the way Hugging Face serves them: into <c>{file}.partial</c>,
/// resuming with a <c>Range</c> request after a dropped connection (and on the next pull after a crash),
/// then checking size and SHA-256 and renaming into place. A server that ignores Range (200 instead of 206)
/// restarts the file from byte 0.
/// </summary>
public sealed class ModelDownloader(HttpClient http, int maxAttempts = 5)
{
    private const int BufferSize = 1 << 20;

    /// <summary>Downloads <paramref name="file"/> to <paramref name="destination"/>; returns the entry with its
    /// size and SHA-256 filled in. Throws <see cref="ModelIntegrityException"/> when the result does not match.</summary>
    public async Task<ModelFile> DownloadAsync(string model, ModelFile file, string destination, IProgress<ModelTransferProgress>? progress, CancellationToken cancellationToken)
    {
        if (file.Url is null) throw new InvalidOperationException($"Model '{model}' file '{file.Path}' has no download URL.");
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var partial = destination + ".partial";

        for (var fresh = 0; ; fresh++)
        {
            var resumed = File.Exists(partial) && new FileInfo(partial).Length > 0;
            await FetchAsync(model, file, partial, progress, cancellationToken).ConfigureAwait(false);

            var (problem, sha, size) = await FileHashes.CheckAsync(partial, file, cancellationToken).ConfigureAwait(false);
            if (problem is null)
            {
                File.Move(partial, destination, overwrite: true);
                return file with { Size = size, Sha256 = sha };
            }

            File.Delete(partial);
            // A bad result after a resume may come from a stale partial file (the upstream file changed):
            // one clean download decides. A bad fresh download is the server's file: refuse it.
            if (!resumed || fresh > 0)
                throw new ModelIntegrityException(model, file.Path, problem);
        }
    }

    private async Task FetchAsync(string model, ModelFile file, string partial, IProgress<ModelTransferProgress>? progress, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            long offset = File.Exists(partial) ? new FileInfo(partial).Length : 0;
            if (file.Size is { } total && offset == total) return;
            if (file.Size is { } total2 && offset > total2)
            {
                File.Delete(partial);
                offset = 0;
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, file.Url);
                if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);

                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && offset > 0)
                    return; // the partial file already holds everything the server has; the hash decides.
                response.EnsureSuccessStatusCode();

                var append = offset > 0 && response.StatusCode == HttpStatusCode.PartialContent;
                if (!append) offset = 0;
                var length = response.Content.Headers.ContentLength;
                long? expected = file.Size ?? (length is { } l ? offset + l : null);

                await using var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using var target = new FileStream(partial, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
                var buffer = new byte[BufferSize];
                var done = offset;
                progress?.Report(new ModelTransferProgress(model, file.Path, done, expected, append));
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    done += read;
                    progress?.Report(new ModelTransferProgress(model, file.Path, done, expected, append));
                }
                // A connection closed early by the server ends the stream without an error: resume.
                if (length is { } want && done - offset < want)
                    throw new IOException($"connection closed after {done - offset} of {want} bytes");
                return;
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && attempt < maxAttempts && !cancellationToken.IsCancellationRequested)
            {
                // Dropped connection: the bytes written so far stay in the partial file and the next
                // attempt asks only for the rest.
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
