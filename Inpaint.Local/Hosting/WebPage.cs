using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;

namespace Inpaint.Local.Hosting;

/// <summary>
/// Serves the web page (<c>Inpaint.Local/site</c>, copied next to the binary as <c>site/</c>) at <c>/</c>. Plain static
/// files with no external assets; the page uses only the public API, so the same folder can be served by any static host
/// in front of a deployed API.
/// </summary>
public static class WebPage
{
    public const string FolderName = "site";

    public static WebApplication UseInpaintWebPage(this WebApplication app)
    {
        string root = Path.Combine(AppContext.BaseDirectory, FolderName);
        if (!Directory.Exists(root))
        {
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
